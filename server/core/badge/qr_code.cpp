#include "badge/qr_code.h"

#include <qrencode.h>

#include <cerrno>
#include <memory>

#include "badge/png_writer.h"

namespace mark::badge {

Result<QrMatrix> EncodeQr(std::string_view text) {
  if (text.empty()) return Error::Invalid("text", "is empty");
  if (text.find('\0') != std::string_view::npos) return Error::Invalid("text", "contains NUL");
  const std::string copy(text);
  errno = 0;
  // version 0 = smallest that fits; casesensitive = 1 keeps the URL exact.
  std::unique_ptr<QRcode, decltype(&QRcode_free)> code(QRcode_encodeString(copy.c_str(), 0, QR_ECLEVEL_M, QR_MODE_8, 1),
                                                       &QRcode_free);
  if (!code) {
    if (errno == ERANGE) return Error::Invalid("text", "too long for a QR code");
    return Error::Make(ErrorCode::kInternal, "QRcode_encodeString failed");
  }
  QrMatrix m;
  m.size = code->width;
  m.dark.resize(static_cast<std::size_t>(m.size) * m.size);
  for (std::size_t i = 0; i < m.dark.size(); ++i) m.dark[i] = (code->data[i] & 1) != 0;
  return m;
}

std::string QrPathData(const QrMatrix& m) {
  std::string d;
  d.reserve(static_cast<std::size_t>(m.size) * m.size * 3);
  for (int y = 0; y < m.size; ++y) {
    int x = 0;
    while (x < m.size) {
      if (!m.At(x, y)) {
        ++x;
        continue;
      }
      const int start = x;
      while (x < m.size && m.At(x, y)) ++x;
      const int run = x - start;
      d += 'M' + std::to_string(start) + ' ' + std::to_string(y) + 'h' + std::to_string(run) + "v1h-" +
           std::to_string(run) + 'z';
    }
  }
  return d;
}

Result<std::string> QrSvg(std::string_view text) {
  auto m = EncodeQr(text);
  if (!m) return std::move(m).error();
  const int total = m->size + 2 * kQrQuietZone;
  const std::string t = std::to_string(total);
  const std::string px = std::to_string(total * 8);
  std::string svg;
  svg += "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
  svg += "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 " + t + ' ' + t + "\" width=\"" + px +
         "\" height=\"" + px + "\" shape-rendering=\"crispEdges\">";
  svg += "<rect width=\"" + t + "\" height=\"" + t + "\" fill=\"#fff\"/>";
  svg += "<path transform=\"translate(" + std::to_string(kQrQuietZone) + ' ' + std::to_string(kQrQuietZone) +
         ")\" fill=\"#000\" d=\"" + QrPathData(*m) + "\"/>";
  svg += "</svg>\n";
  return svg;
}

Result<std::string> QrPng(std::string_view text, int size_px) {
  if (size_px < kQrPngMinPx || size_px > kQrPngMaxPx)
    return Error::Invalid(
        "size", "must be between " + std::to_string(kQrPngMinPx) + " and " + std::to_string(kQrPngMaxPx) + " pixels");
  auto m = EncodeQr(text);
  if (!m) return std::move(m).error();
  const int total = m->size + 2 * kQrQuietZone;
  const int module = size_px / total;
  if (module < 1) return Error::Invalid("size", "too small for this code");
  // Integer module size keeps edges crisp; the remainder is shared as extra
  // white margin so the code stays centred.
  const int offset = (size_px - module * m->size) / 2;
  std::vector<unsigned char> pixels(static_cast<std::size_t>(size_px) * size_px, 0xFF);
  for (int y = 0; y < m->size; ++y) {
    for (int x = 0; x < m->size; ++x) {
      if (!m->At(x, y)) continue;
      for (int dy = 0; dy < module; ++dy) {
        unsigned char* row = &pixels[static_cast<std::size_t>(offset + y * module + dy) * size_px];
        for (int dx = 0; dx < module; ++dx) row[offset + x * module + dx] = 0x00;
      }
    }
  }
  return EncodeGreyPng(size_px, size_px, pixels);
}

}  // namespace mark::badge
