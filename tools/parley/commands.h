// Each subcommand registers its flags on the CLI11 app and returns the
// function that runs it (which returns the process exit code).
#ifndef PARLEY_TOOLS_PARLEY_COMMANDS_H_
#define PARLEY_TOOLS_PARLEY_COMMANDS_H_

#include <CLI/CLI.hpp>

#include <functional>

namespace parley::cli {

struct Command {
  CLI::App* app;             // the subcommand's parser
  std::function<int()> run;  // runs it once parsed; returns the exit code
};

Command AddAnalyzeCommand(CLI::App& app);
Command AddTaxonomyCommand(CLI::App& app);
Command AddSynthCommand(CLI::App& app);
Command AddIngestCommand(CLI::App& app);
Command AddReportCommand(CLI::App& app);
Command AddTrainCommand(CLI::App& app);
Command AddEvalCommand(CLI::App& app);
Command AddDeleteCommand(CLI::App& app);
Command AddWithheldCommand(CLI::App& app);
Command AddPostsCommand(CLI::App& app);
Command AddAlertsCommand(CLI::App& app);
Command AddTermsCommand(CLI::App& app);
Command AddAuthorCommand(CLI::App& app);
Command AddThreadCommand(CLI::App& app);
Command AddQueueCommand(CLI::App& app);
Command AddInfluencersCommand(CLI::App& app);
Command AddServeCommand(CLI::App& app);

}  // namespace parley::cli

#endif  // PARLEY_TOOLS_PARLEY_COMMANDS_H_
