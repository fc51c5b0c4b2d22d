#include "tools/parley/command_line.h"

#include <fmt/format.h>
#include <unistd.h>

#include <algorithm>
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
    {"report",
     "Volume, sentiment, share of voice, topics and what the complaints say, from the store, "
     "with intervals"},
    {"posts",
     "The posts behind any number in the store, by brand, topic, intent, label, time...: a "
     "table, or analyze's records (NDJSON, CSV) to export"},
    {"alerts", "Spikes, sentiment shifts and emerging terms in the store, each reported once"},
    {"terms",
     "What the negative (or positive) posts say more than the others: the words, hashtags and "
     "two-word terms that set them apart, with their shares, ratios and significance"},
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

std::string UnknownCommandMessage(std::string_view word,
                                  std::span<const std::string_view> commands) {
  // Edit distance (insertions, deletions, substitutions and swaps of two
  // neighbours, each 1) of `word` to each command, case aside.
  auto lower = [](char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c | 0x20) : c; };
  auto distance = [&](std::string_view a, std::string_view b) {
    std::vector<std::vector<size_t>> d(a.size() + 1, std::vector<size_t>(b.size() + 1));
    for (size_t i = 0; i <= a.size(); ++i) d[i][0] = i;
    for (size_t j = 0; j <= b.size(); ++j) d[0][j] = j;
    for (size_t i = 1; i <= a.size(); ++i) {
      for (size_t j = 1; j <= b.size(); ++j) {
        const size_t cost = lower(a[i - 1]) == lower(b[j - 1]) ? 0 : 1;
        d[i][j] = std::min({d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost});
        if (i > 1 && j > 1 && lower(a[i - 1]) == lower(b[j - 2]) &&
            lower(a[i - 2]) == lower(b[j - 1])) {
          d[i][j] = std::min(d[i][j], d[i - 2][j - 2] + 1);
        }
      }
    }
    return d[a.size()][b.size()];
  };
  // Shown with its control bytes as '?' and, past 40 bytes, cut short
  // between two characters.
  size_t cut = std::min<size_t>(word.size(), 40);
  if (cut < word.size()) {
    while (cut > 0 && (static_cast<unsigned char>(word[cut]) & 0xC0) == 0x80) --cut;
  }
  std::string shown(word.substr(0, cut));
  for (char& c : shown) {
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) c = '?';
  }
  if (cut < word.size()) shown += "...";
  std::string message = fmt::format("unknown command '{}'", shown);
  std::string_view best;
  size_t best_distance = 3;  // suggest only within two edits
  if (word.size() < 64) {    // (a longer word is no typo of a command)
    for (std::string_view c : commands) {
      const size_t d = distance(word, c);
      // A short word is a typo of a command only within one edit.
      if (d < best_distance && (d <= 1 || word.size() >= 5)) {
        best = c;
        best_distance = d;
      }
    }
  }
  if (!best.empty()) {
    message += fmt::format("; did you mean '{}'?", best);
  } else {
    std::string list;
    for (std::string_view c : commands) {
      if (!list.empty()) list += ", ";
      list += c;
    }
    message += "; the commands are " + list;
  }
  return message;
}

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
    // A first word that names no command is the likeliest mistake (a typo):
    // say so, rather than CLI11's "A subcommand is required". Errors within a
    // command point to that command's help.
    const bool named = added.size() == 1;
    if (!named && !first.empty() && first[0] != '-' && FindExt(first) == nullptr) {
      std::vector<std::string_view> names;
      for (const CommandEntry& c : commands) names.push_back(c.name);
      if (delegate) {
        for (const ExtCommand& c : kExtCommands) names.push_back(c.name);
      }
      fmt::print(stderr, "parley: error: {} (see 'parley --help')\n",
                 UnknownCommandMessage(first, names));
      return kExitUsage;
    }
    // The same for the word after a command that has commands of its own
    // (`parley taxonomy chek`).
    if (named && argc > 2 && argv[2][0] != '-') {
      CLI::App* command = added[0].app;
      std::vector<CLI::App*> subs = command->get_subcommands([](CLI::App*) { return true; });
      std::vector<std::string_view> names;
      bool found = false;
      for (CLI::App* sub : subs) {
        names.push_back(sub->get_name());
        found |= sub->get_name() == argv[2];
      }
      if (!subs.empty() && !found) {
        fmt::print(stderr, "parley {}: error: {} (see 'parley {} --help')\n", first,
                   UnknownCommandMessage(argv[2], names), first);
        return kExitUsage;
      }
    }
    // The help of the deepest command the words named: `parley taxonomy
    // check --help` for an error in `parley taxonomy check`.
    std::string help = "parley ";
    if (named) {
      help += std::string(first) + " ";
      for (CLI::App* sub : added[0].app->get_subcommands([](CLI::App*) { return true; })) {
        if (sub->parsed()) help += sub->get_name() + " ";
      }
    }
    fmt::print(stderr, "parley: error: {} (see '{}--help')\n", e.what(), help);
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
