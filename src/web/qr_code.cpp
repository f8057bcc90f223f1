#include "web/qr_code.h"

#include <qrencode.h>

#include <memory>

namespace relais::web {
namespace {

std::string Escaped(std::string_view text) {
  std::string out;
  for (char c : text) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

}  // namespace

Result<std::string> QrSvg(std::string_view text, std::string_view label) {
  const std::string input(text);
  std::unique_ptr<QRcode, decltype(&QRcode_free)> code(
      QRcode_encodeString(input.c_str(), 0, QR_ECLEVEL_M, QR_MODE_8, 1), &QRcode_free);
  if (!code) {
    return Fail(ErrorKind::kInvalid, "qr_too_long", "Ce texte est trop long pour un code QR.");
  }
  const int width = code->width;
  const int size = width + 2 * kQrQuietZone;
  // Each run of dark modules of a row is one rectangle of the path.
  std::string path;
  for (int y = 0; y < width; ++y) {
    const unsigned char* row = code->data + static_cast<std::size_t>(y) * width;
    int x = 0;
    while (x < width) {
      if ((row[x] & 1) == 0) {
        ++x;
        continue;
      }
      const int start = x;
      while (x < width && (row[x] & 1) != 0) ++x;
      const int run = x - start;
      path += "M" + std::to_string(start + kQrQuietZone) + " " + std::to_string(y + kQrQuietZone) +
              "h" + std::to_string(run) + "v1h-" + std::to_string(run) + "z";
    }
  }
  const std::string n = std::to_string(size);
  const std::string title = Escaped(label);
  return "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"qr-code\" viewBox=\"0 0 " + n + " " +
         n + "\" shape-rendering=\"crispEdges\" role=\"img\" aria-label=\"" + title + "\"><title>" +
         title + "</title><rect width=\"" + n + "\" height=\"" + n +
         "\" fill=\"#fff\"/><path fill=\"#000\" d=\"" + path + "\"/></svg>";
}

}  // namespace relais::web
