// parley: listens to customers. See `parley --help`.
#include "tools/parley/command_line.h"
#include "tools/parley/commands.h"

namespace {

// The commands this executable runs, in `parley --help` order; the others
// (tools/parley/command_line.h) are handed to parley-ext.
constexpr parley::cli::CommandEntry kCommands[] = {
    {"analyze", parley::cli::AddAnalyzeCommand}, {"ingest", parley::cli::AddIngestCommand},
    {"synth", parley::cli::AddSynthCommand},     {"taxonomy", parley::cli::AddTaxonomyCommand},
    {"train", parley::cli::AddTrainCommand},     {"eval", parley::cli::AddEvalCommand},
    {"delete", parley::cli::AddDeleteCommand},   {"withheld", parley::cli::AddWithheldCommand},
};

}  // namespace

int main(int argc, char** argv) {
  return parley::cli::RunCommandLine(argc, argv, kCommands, /*delegate=*/true);
}
