// libFuzzer target for the model file parser (src/learn/model_file.h). On any
// bytes, DecodeModel must return a model or an error, never crash or read out
// of bounds. Each input is tried twice: as is (which mostly tests the header
// checks) and with its size and CRC-32 fields made right, so the fuzzer also
// reaches the body parser behind the checksum. A model that parses must
// encode back to bytes that parse to the same weights, predict
// probabilities that sum to one, and predict the same when read packed.
//
//   model_file_fuzzer fuzz/corpus/model_file_fuzzer -max_total_time=60
#include <zlib.h>

#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

#include "src/learn/model_file.h"

namespace {

void Require(bool ok, const char* what) {
  if (ok) return;
  std::fprintf(stderr, "model file invariant broken: %s\n", what);
  std::abort();
}

void PutU32(uint32_t v, std::string* s, size_t at) {
  for (int i = 0; i < 4; ++i) (*s)[at + i] = static_cast<char>(v >> (8 * i));
}

// The input with its payload size and checksum fields set to match.
std::string WithValidFraming(std::string bytes) {
  if (bytes.size() < parley::learn::kModelHeaderSize) return bytes;
  const std::string_view payload = std::string_view(bytes).substr(parley::learn::kModelHeaderSize);
  const uLong crc = crc32(crc32(0L, Z_NULL, 0), reinterpret_cast<const Bytef*>(payload.data()),
                          static_cast<uInt>(payload.size()));
  PutU32(static_cast<uint32_t>(crc), &bytes, 12);
  PutU32(static_cast<uint32_t>(payload.size()), &bytes, 16);
  PutU32(0, &bytes, 20);
  return bytes;
}

void Check(const std::string& bytes) {
  auto model = parley::learn::DecodeModel(bytes, "fuzz.plm");
  if (!model.ok()) {
    Require(!model.status().message().empty(), "an error without a message");
    return;
  }
  auto again = parley::learn::DecodeModel(parley::learn::EncodeModel(*model), "again.plm");
  Require(again.ok(), "a decoded model does not encode to a valid file");
  Require(again->weights == model->weights, "weights changed in a round trip");
  Require(again->metadata == model->metadata, "metadata changed in a round trip");
  parley::learn::FeatureVector x;
  x.hashed = {0, static_cast<uint32_t>(model->HashedRows() - 1)};
  x.words = 1;
  x.word_scale = x.char_scale = 1;
  x.dense.fill(1);
  const parley::learn::Probabilities p = model->Predict(x);
  const double sum = p[0] + p[1] + p[2];
  Require(std::isnan(sum) || std::abs(sum - 1) < 1e-6, "probabilities do not sum to one");
  // Read packed (as analyze reads it), the same file predicts the same.
  auto packed = parley::learn::DecodeModel(bytes, "fuzz.plm", /*packed=*/true);
  Require(packed.ok(), "a model that decodes does not decode packed");
  const parley::learn::Probabilities q = packed->Predict(x);
  for (int k = 0; k < 3; ++k) {
    Require((std::isnan(p[k]) && std::isnan(q[k])) || std::abs(p[k] - q[k]) < 1e-6,
            "packed rows predict differently");
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string bytes(reinterpret_cast<const char*>(data), size);
  Check(bytes);
  Check(WithValidFraming(bytes));
  return 0;
}
