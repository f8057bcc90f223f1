// QR codes as SVG (libqrencode): one path of dark modules with a quiet zone,
// crisp edges, role="img" and a French label. Thread-safe.
#pragma once

#include <string>
#include <string_view>

#include "domain/error.h"

namespace relais::web {

// The quiet zone around the code, in modules (ISO/IEC 18004 asks for 4).
inline constexpr int kQrQuietZone = 4;

// An inline <svg> of `text` encoded at error-correction level M, labelled
// `label` (its <title> and aria-label). kInvalid "qr_too_long" when the
// text does not fit a QR code.
Result<std::string> QrSvg(std::string_view text, std::string_view label);

}  // namespace relais::web
