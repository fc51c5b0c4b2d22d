// parley: listens to customers. See `parley --help`.
#include <fmt/format.h>

#include <CLI/CLI.hpp>
#include <cstdio>
#include <string>
#include <vector>

#include "tools/parley/cli_util.h"
#include "tools/parley/commands.h"

int main(int argc, char** argv) {
  CLI::App app{"parley: turns customer conversation into numbers you can trust"};
  app.set_version_flag("--version", std::string("parley 0.1.0"));
  app.require_subcommand(1);
  std::vector<parley::cli::Command> commands = {parley::cli::AddAnalyzeCommand(app),
                                                parley::cli::AddIngestCommand(app)};
  commands.push_back(parley::cli::AddSynthCommand(app));
  commands.push_back(parley::cli::AddTaxonomyCommand(app));
  commands.push_back(parley::cli::AddReportCommand(app));
  commands.push_back(parley::cli::AddTrainCommand(app));
  commands.push_back(parley::cli::AddEvalCommand(app));
  commands.push_back(parley::cli::AddAlertsCommand(app));
  commands.push_back(parley::cli::AddAuthorCommand(app));
  commands.push_back(parley::cli::AddThreadCommand(app));
  commands.push_back(parley::cli::AddQueueCommand(app));
  commands.push_back(parley::cli::AddInfluencersCommand(app));
  commands.push_back(parley::cli::AddServeCommand(app));
  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForVersion& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    fmt::print(stderr, "parley: error: {} (see 'parley --help')\n", e.what());
    return parley::cli::kExitUsage;
  }
  for (auto& command : commands) {
    if (command.app->parsed()) return command.run();
  }
  return parley::cli::kExitUsage;
}
