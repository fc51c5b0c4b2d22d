#include "src/learn/model_file.h"

#include <zlib.h>

#include <algorithm>
#include <cmath>
#include <cstring>

namespace parley::learn {
namespace {

// Trained weights are a few units at most and temperatures near 1; anything
// far outside is damage (and would overflow the logits).
constexpr float kMaxWeight = 1e6f;
constexpr float kMaxTemperature = 1e3f;

// Little-endian writes, whatever the host's byte order.
void PutU32(uint32_t v, std::string* out) {
  for (int i = 0; i < 4; ++i) out->push_back(static_cast<char>(v >> (8 * i)));
}
void PutU64(uint64_t v, std::string* out) {
  for (int i = 0; i < 8; ++i) out->push_back(static_cast<char>(v >> (8 * i)));
}
void PutF32(float f, std::string* out) {
  uint32_t v;
  std::memcpy(&v, &f, 4);
  PutU32(v, out);
}
void PutString(const std::string& s, std::string* out) {
  PutU32(static_cast<uint32_t>(s.size()), out);
  out->append(s);
}

uint32_t Crc32(std::string_view bytes) {
  uLong crc = crc32(0L, Z_NULL, 0);
  // zlib takes uInt lengths: feed it in chunks under 4 GiB.
  while (!bytes.empty()) {
    const size_t n = std::min<size_t>(bytes.size(), 1u << 30);
    crc = crc32(crc, reinterpret_cast<const Bytef*>(bytes.data()), static_cast<uInt>(n));
    bytes.remove_prefix(n);
  }
  return static_cast<uint32_t>(crc);
}

// Reads the payload; every read checks bounds, so a bad size is an error,
// never a read past the end.
class Reader {
 public:
  explicit Reader(std::string_view bytes) : bytes_(bytes) {}
  bool U32(uint32_t* v) {
    if (bytes_.size() < 4) return false;
    *v = 0;
    for (int i = 0; i < 4; ++i) *v |= uint32_t{static_cast<unsigned char>(bytes_[i])} << (8 * i);
    bytes_.remove_prefix(4);
    return true;
  }
  // A float within +-limit (finite by construction), so that sums of
  // weights stay finite and probabilities stay numbers.
  bool F32(float* f, float limit) {
    uint32_t v;
    if (!U32(&v)) return false;
    std::memcpy(f, &v, 4);
    return std::abs(*f) <= limit;
  }
  bool String(std::string* s) {
    uint32_t n;
    if (!U32(&n) || bytes_.size() < n) return false;
    s->assign(bytes_.substr(0, n));
    bytes_.remove_prefix(n);
    return true;
  }
  bool done() const { return bytes_.empty(); }

 private:
  std::string_view bytes_;
};

std::string EncodePayload(const LinearModel& m) {
  std::string p;
  for (uint32_t v : {m.config.hash_bits, m.config.word_ngrams, m.config.char_min, m.config.char_max,
                     uint32_t{m.config.emoji}, uint32_t{kDenseFeatures}, uint32_t{kLabels}}) {
    PutU32(v, &p);
  }
  for (float t : m.temperatures) PutF32(t, &p);
  PutU32(static_cast<uint32_t>(m.metadata.size()), &p);
  for (const auto& [key, value] : m.metadata) {
    PutString(key, &p);
    PutString(value, &p);
  }
  std::string rows;
  uint32_t nonzero = 0;
  for (size_t r = 0; r < m.Rows(); ++r) {
    const float* w = &m.weights[r * kLabels];
    if (w[0] == 0 && w[1] == 0 && w[2] == 0) continue;
    ++nonzero;
    PutU32(static_cast<uint32_t>(r), &rows);
    for (int k = 0; k < kLabels; ++k) PutF32(w[k], &rows);
  }
  PutU32(nonzero, &p);
  return p + rows;
}

Status Corrupt(std::string_view name, std::string_view what) {
  return DataLossError("'" + std::string(name) + "' is a damaged parley model file (" +
                       std::string(what) + "): train it again with parley train");
}

Status DecodeConfig(Reader* r, std::string_view name, bool packed, LinearModel* m) {
  uint32_t v[7];
  for (uint32_t& x : v) {
    if (!r->U32(&x)) return Corrupt(name, "short header fields");
  }
  FeatureConfig c{v[0], v[1], v[2], v[3], v[4] != 0};
  if (v[4] > 1 || !ValidateFeatureConfig(c).ok()) return Corrupt(name, "bad feature settings");
  if (v[5] != kDenseFeatures || v[6] != kLabels) return Corrupt(name, "bad feature or label count");
  if (packed) {
    m->config = c;
    m->packed.blocks.resize(m->HashedRows() / 64);  // hash bits >= 8
    m->packed.values.assign(kLabels, 0.f);
    m->packed.tail.assign((kDenseFeatures + 1) * kLabels, 0.f);
  } else {
    m->Reset(c);
  }
  for (float& t : m->temperatures) {
    if (!r->F32(&t, kMaxTemperature) || !(t >= 1 / kMaxTemperature)) {
      return Corrupt(name, "bad temperature");
    }
  }
  return Status::OK();
}

Status DecodeBody(Reader* r, std::string_view name, bool packed, LinearModel* m) {
  uint32_t entries;
  if (!r->U32(&entries)) return Corrupt(name, "no metadata");
  for (uint32_t i = 0; i < entries; ++i) {
    std::string key, value;
    if (!r->String(&key) || !r->String(&value)) return Corrupt(name, "bad metadata");
    m->metadata.emplace_back(std::move(key), std::move(value));
  }
  uint32_t rows;
  if (!r->U32(&rows) || rows > m->Rows()) return Corrupt(name, "bad weight row count");
  int64_t last = -1;
  for (uint32_t i = 0; i < rows; ++i) {
    uint32_t row;
    if (!r->U32(&row) || row <= last || row >= m->Rows()) return Corrupt(name, "bad weight row");
    last = row;
    float w[kLabels];
    for (float& v : w) {
      if (!r->F32(&v, kMaxWeight)) return Corrupt(name, "bad weight");
    }
    if (!packed) {
      std::copy(w, w + kLabels, &m->weights[size_t{row} * kLabels]);
    } else if (row < m->HashedRows()) {
      m->packed.blocks[row / 64].bits |= uint64_t{1} << (row % 64);
      m->packed.values.insert(m->packed.values.end(), w, w + kLabels);
    } else {
      std::copy(w, w + kLabels, &m->packed.tail[(row - m->HashedRows()) * kLabels]);
    }
  }
  if (!r->done()) return Corrupt(name, "bytes after the weights");
  if (packed) m->FinishPacked();
  return Status::OK();
}

}  // namespace

std::string EncodeModel(const LinearModel& model) {
  const std::string payload = EncodePayload(model);
  std::string out(kModelMagic, sizeof(kModelMagic));
  PutU32(kModelFormatVersion, &out);
  PutU32(Crc32(payload), &out);
  PutU64(payload.size(), &out);
  return out + payload;
}

StatusOr<LinearModel> DecodeModel(std::string_view bytes, std::string_view name, bool packed) {
  const std::string quoted = "'" + std::string(name) + "'";
  if (bytes.size() < sizeof(kModelMagic) ||
      std::memcmp(bytes.data(), kModelMagic, sizeof(kModelMagic)) != 0) {
    return DataLossError(quoted +
                         " is not a parley model file (no PARLEYLM magic number): "
                         "give a file written by parley train, or --model lexicon");
  }
  if (bytes.size() < kModelHeaderSize) return Corrupt(name, "truncated header");
  Reader header(bytes.substr(8, 8));
  uint32_t version, crc;
  header.U32(&version);
  header.U32(&crc);
  uint64_t size = 0;
  for (int i = 0; i < 8; ++i)
    size |= uint64_t{static_cast<unsigned char>(bytes[16 + i])} << (8 * i);
  if (version != kModelFormatVersion) {
    const bool older = version < kModelFormatVersion;
    return FailedPreconditionError(
        quoted + " has model format version " + std::to_string(version) +
        (older ? ", written by an older parley" : "") + "; this parley reads version " +
        std::to_string(kModelFormatVersion) +
        (older ? ": train the model again with parley train" : ": use a newer parley"));
  }
  const std::string_view payload = bytes.substr(kModelHeaderSize);
  if (payload.size() != size) {
    return Corrupt(name, payload.size() < size ? "truncated" : "longer than its header says");
  }
  if (Crc32(payload) != crc) return Corrupt(name, "checksum mismatch");
  LinearModel model;
  Reader r(payload);
  PARLEY_RETURN_IF_ERROR(DecodeConfig(&r, name, packed, &model));
  PARLEY_RETURN_IF_ERROR(DecodeBody(&r, name, packed, &model));
  return model;
}

Status SaveModel(Env* env, const LinearModel& model, const std::string& path) {
  return WriteFileAtomically(env, EncodeModel(model), path);
}

StatusOr<LinearModel> LoadModel(Env* env, const std::string& path, bool packed) {
  PARLEY_ASSIGN_OR_RETURN(std::string bytes, ReadFileToString(env, path));
  return DecodeModel(bytes, path, packed);
}

}  // namespace parley::learn
