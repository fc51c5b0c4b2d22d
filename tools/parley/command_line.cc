#include "tools/parley/command_line.h"

#include <fmt/format.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <string>
#include <system_error>
#include <vector>

#include "tools/parley/cli_util.h"

namespace parley::cli {
namespace {

// A subcommand `parley-ext` runs, and its description.
struct ExtCommand {
  std::string_view name;
  const char* description;
};

constexpr ExtCommand kExtCommands[] = {
    {"alerts", "Spikes, sentiment shifts and emerging terms in the store, each reported once"},
    {"author",
     "One author: activity, sentiment over time, topics, reach, influence, open complaints"},
    {"thread", "One conversation: newest first, oldest first or as a tree"},
    {"queue", "Posts waiting for a brand's answer, most urgent first, with their reasons"},
    {"influencers",
     "Authors ranked by influence: PageRank over replies, mentions and shares, reach and "
     "engagement"},
    {"serve", "Serve the HTTP JSON API and the dashboard over a store"},
};

const ExtCommand* FindExt(std::string_view name) {
  for (const ExtCommand& c : kExtCommands) {
    if (c.name == name) return &c;
  }
  return nullptr;
}

// Replaces this process with parley-ext from this executable's directory,
// given the same arguments (argv[0] included, so its help and errors name the
// program as the user typed it). Returns only if that fails.
int ExecExt(std::string_view command, char** argv) {
  std::error_code ec;
  std::filesystem::path self = std::filesystem::read_symlink("/proc/self/exe", ec);
  std::filesystem::path ext = self.parent_path() / std::string(kExtProgram);
  if (!ec) {
    std::fflush(nullptr);
    ::execv(ext.c_str(), argv);
  }
  int err = ec ? ec.value() : errno;
  fmt::print(stderr,
             "parley: error: '{}' is run by {}, which could not be started ({}: {}); "
             "build it beside parley (cmake --build BUILD) or reinstall parley\n",
             command, kExtProgram, ext.string(), std::strerror(err));
  return kExitFailure;
}

// The subcommands to register. Registering all of them, with their ~200
// flags, was a tenth of an empty `parley analyze` (3.4 M instructions), so
// when the first argument names a command only that one is: it parses as it
// would among all of them, since CLI11 takes a subcommand only by its exact
// name. Anything else (no argument, --help, --version, a typo, an option
// first) registers all, so help, suggestions and errors stay as they were.
std::vector<Command> AddCommands(CLI::App& app, std::span<const CommandEntry> commands,
                                 std::string_view first) {
  std::vector<Command> added;
  for (const CommandEntry& c : commands) {
    if (c.name == first) {
      added.push_back(c.add(app));
      return added;
    }
  }
  for (const CommandEntry& c : commands) added.push_back(c.add(app));
  return added;
}

}  // namespace

const char* ExtCommandDescription(std::string_view name) {
  const ExtCommand* c = FindExt(name);
  return c ? c->description : "";
}

int RunCommandLine(int argc, char** argv, std::span<const CommandEntry> commands, bool delegate) {
  std::string_view first = argc > 1 ? argv[1] : "";
  if (delegate && FindExt(first) != nullptr) return ExecExt(first, argv);

  CLI::App app{"parley: turns customer conversation into numbers you can trust"};
  app.set_version_flag("--version", std::string("parley 0.1.0"));
  app.require_subcommand(1);
  std::vector<Command> added = AddCommands(app, commands, first);
  // For help and suggestions only: a first argument naming one was exec'd
  // above. Should one parse anyway (after an option), it is handed over too.
  std::vector<CLI::App*> stubs;
  if (delegate && added.size() != 1) {
    for (const ExtCommand& c : kExtCommands) {
      CLI::App* stub = app.add_subcommand(std::string(c.name), c.description);
      stub->prefix_command();
      stubs.push_back(stub);
    }
  }
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
    return kExitUsage;
  }
  for (auto& command : added) {
    if (command.app->parsed()) return command.run();
  }
  for (CLI::App* stub : stubs) {
    if (stub->parsed()) return ExecExt(stub->get_name(), argv);
  }
  return kExitUsage;
}

}  // namespace parley::cli
