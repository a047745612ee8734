#!/usr/bin/python3
"""Reads a CSV file on stdin as Excel-minded Python would (utf-8-sig takes
the byte-order mark off; the csv module's RFC 4180 quoting), independently
of the C++ that wrote it. Prints {"bom": bool, "crlf": bool, "header": [...],
"rows": [{column: cell}]} as JSON."""
import csv
import io
import json
import sys

data = sys.stdin.buffer.read()
text = data.decode("utf-8-sig")
reader = csv.reader(io.StringIO(text, newline=""))
rows = list(reader)
header = rows[0] if rows else []
print(json.dumps({"bom": data.startswith(b"\xef\xbb\xbf"),
                  "crlf": data.endswith(b"\r\n"),
                  "header": header,
                  "rows": [dict(zip(header, r)) for r in rows[1:]]}, ensure_ascii=False))
