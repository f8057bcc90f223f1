#include "app/password_policy.h"

#include <crack.h>
#include <cstddef>  // crack.h uses size_t without including it

#include <algorithm>
#include <cctype>
#include <mutex>

namespace relais::app {
namespace {

// UTF-8 characters: every byte but continuation bytes (10xxxxxx).
std::size_t CharacterCount(std::string_view text) {
  return static_cast<std::size_t>(std::count_if(text.begin(), text.end(), [](char c) {
    return (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  }));
}

std::string Lower(std::string_view text) {
  std::string lower(text);
  for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return lower;
}

// cracklib's verdict (its English reason, or null when acceptable). Its
// dictionary reads are not documented as thread-safe: one at a time.
const char* CracklibVerdict(const std::string& login, const std::string& password) {
  static std::mutex mutex;
  std::lock_guard lock(mutex);
  return FascistCheckUser(password.c_str(), GetDefaultCracklibDict(), login.c_str(), "");
}

}  // namespace

Status CheckNewPassword(std::string_view login, std::string_view password,
                        const std::string& field) {
  if (CharacterCount(password) < kMinPasswordLength) {
    return Fail(ErrorKind::kInvalid, "password_too_short",
                "Le mot de passe doit compter au moins " + std::to_string(kMinPasswordLength) +
                    " caractères.",
                field);
  }
  if (!login.empty() && Lower(password).find(Lower(login)) != std::string::npos) {
    return Fail(ErrorKind::kInvalid, "password_contains_login",
                "Le mot de passe ne doit pas contenir l'identifiant.", field);
  }
  if (CracklibVerdict(std::string(login), std::string(password)) != nullptr) {
    return Fail(
        ErrorKind::kInvalid, "password_common",
        "Ce mot de passe est trop courant ou trop simple (mot du dictionnaire, suite de "
        "caractères, identifiant retourné) : choisissez-en un autre, par exemple une phrase "
        "de plusieurs mots.",
        field);
  }
  return {};
}

}  // namespace relais::app
