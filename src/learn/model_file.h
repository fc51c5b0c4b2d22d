// The model file (.plm) of the learned sentiment model; docs/model_format.md
// describes the layout. A file starts with a magic number, a format version
// and a CRC-32 of the rest, so a truncated, foreign or damaged file is a
// clear error instead of a model that silently scores wrong.
#ifndef PARLEY_LEARN_MODEL_FILE_H_
#define PARLEY_LEARN_MODEL_FILE_H_

#include <string>
#include <string_view>

#include "parley/status.h"
#include "src/env/env.h"
#include "src/learn/linear_model.h"

namespace parley::learn {

inline constexpr char kModelMagic[8] = {'P', 'A', 'R', 'L', 'E', 'Y', 'L', 'M'};
inline constexpr uint32_t kModelFormatVersion = 3;
inline constexpr size_t kModelHeaderSize = 24;

// The bytes of `model`'s file. Only non-zero weight rows are stored.
std::string EncodeModel(const LinearModel& model);
// Parses a model file's bytes. `name` (usually the path) appears in errors:
// DataLoss for a foreign, truncated or corrupt file, FailedPrecondition for
// a format version this build cannot read. With `packed`, the rows go
// straight into LinearModel::packed (as Pack() would leave them) and the
// full table is never made: for a model that will only predict.
StatusOr<LinearModel> DecodeModel(std::string_view bytes, std::string_view name,
                                  bool packed = false);

Status SaveModel(Env* env, const LinearModel& model, const std::string& path);
StatusOr<LinearModel> LoadModel(Env* env, const std::string& path, bool packed = false);

}  // namespace parley::learn

#endif  // PARLEY_LEARN_MODEL_FILE_H_
