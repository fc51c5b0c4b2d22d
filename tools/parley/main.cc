// parley: listens to customers. See `parley --help`.
#include <fmt/format.h>

#include <CLI/CLI.hpp>
#include <cstdio>
#include <string>
#include <string_view>
#include <vector>

#include "tools/parley/cli_util.h"
#include "tools/parley/commands.h"

namespace {

// Every subcommand, in `parley --help` order, by the name it registers.
struct CommandEntry {
  std::string_view name;
  parley::cli::Command (*add)(CLI::App&);
};
constexpr CommandEntry kCommands[] = {
    {"analyze", parley::cli::AddAnalyzeCommand},
    {"ingest", parley::cli::AddIngestCommand},
    {"synth", parley::cli::AddSynthCommand},
    {"taxonomy", parley::cli::AddTaxonomyCommand},
    {"report", parley::cli::AddReportCommand},
    {"train", parley::cli::AddTrainCommand},
    {"eval", parley::cli::AddEvalCommand},
    {"alerts", parley::cli::AddAlertsCommand},
    {"author", parley::cli::AddAuthorCommand},
    {"thread", parley::cli::AddThreadCommand},
    {"queue", parley::cli::AddQueueCommand},
    {"influencers", parley::cli::AddInfluencersCommand},
    {"serve", parley::cli::AddServeCommand},
};

// The subcommands to register. Registering all thirteen, with their ~200
// flags, was a tenth of an empty `parley analyze` (3.4 M instructions), so
// when the first argument names a command only that one is: it parses as it
// would among all of them, since CLI11 takes a subcommand only by its exact
// name. Anything else (no argument, --help, --version, a typo, an option
// first) registers all, so help, suggestions and errors stay as they were.
std::vector<parley::cli::Command> AddCommands(CLI::App& app, int argc, char** argv) {
  std::vector<parley::cli::Command> commands;
  std::string_view first = argc > 1 ? argv[1] : "";
  for (const CommandEntry& c : kCommands) {
    if (c.name == first) {
      commands.push_back(c.add(app));
      return commands;
    }
  }
  for (const CommandEntry& c : kCommands) commands.push_back(c.add(app));
  return commands;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"parley: turns customer conversation into numbers you can trust"};
  app.set_version_flag("--version", std::string("parley 0.1.0"));
  app.require_subcommand(1);
  std::vector<parley::cli::Command> commands = AddCommands(app, argc, argv);
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
