#!/usr/bin/env node
// Independent check of CVSS v2 base scores (FIRST v2 spec section 3.2.1) for
// all 729 base vectors, written apart from the C++ code:
//   - "exact": rational arithmetic in BigInt (every weight has 3 decimals),
//     rounding half up at one decimal, as the spec states it;
//   - "float": the way NVD's JavaScript calculator does it, in doubles with
//     Math.round(x * 10) / 10.
// Prints "VECTOR SCORE" per line (the exact score); exits 1 if the two
// methods ever disagree, so a C++ test comparing against this output also
// compares against NVD's method.
'use strict';

const AV = { L: 395n, A: 646n, N: 1000n };   // thousandths
const AC = { H: 350n, M: 610n, L: 710n };
const AU = { M: 450n, S: 560n, N: 704n };
const CIA = { N: 0n, P: 275n, C: 660n };

function exact(av, ac, au, c, i, a) {
  // Impact at 1e-11: 1041/100 * (1e9 - prod)/1e9
  const prod = (1000n - CIA[c]) * (1000n - CIA[i]) * (1000n - CIA[a]);
  const impact = 1041n * (1000000000n - prod);
  const expl = 20n * AV[av] * AC[ac] * AU[au];  // 1e-9
  if (impact === 0n) return 0;
  const base = (6n * impact + 400n * expl - 1500000000000n) * 1176n;  // 1e-15
  const unit = 10n ** 14n;  // one tenth
  return Number((base + unit / 2n) / unit) / 10;
}

function float(av, ac, au, c, i, a) {
  const w = { AV: { L: 0.395, A: 0.646, N: 1.0 }, AC: { H: 0.35, M: 0.61, L: 0.71 },
              Au: { M: 0.45, S: 0.56, N: 0.704 }, CIA: { N: 0.0, P: 0.275, C: 0.660 } };
  const impact = 10.41 * (1 - (1 - w.CIA[c]) * (1 - w.CIA[i]) * (1 - w.CIA[a]));
  const expl = 20 * w.AV[av] * w.AC[ac] * w.Au[au];
  const f = impact === 0 ? 0 : 1.176;
  return Math.round(((0.6 * impact) + (0.4 * expl) - 1.5) * f * 10) / 10;
}

let disagreements = 0;
const out = [];
for (const av of 'LAN') for (const ac of 'HML') for (const au of 'MSN')
  for (const c of 'NPC') for (const i of 'NPC') for (const a of 'NPC') {
    const v = `AV:${av}/AC:${ac}/Au:${au}/C:${c}/I:${i}/A:${a}`;
    const e = exact(av, ac, au, c, i, a);
    const f = float(av, ac, au, c, i, a);
    if (e !== f) {
      disagreements++;
      process.stderr.write(`disagree ${v}: exact ${e.toFixed(1)} float ${f.toFixed(1)}\n`);
    }
    out.push(`${v} ${e.toFixed(1)}`);
  }
process.stdout.write(out.join('\n') + '\n');
process.exit(disagreements === 0 ? 0 : 1);
