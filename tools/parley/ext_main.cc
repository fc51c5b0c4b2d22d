// parley-ext: the commands `parley` hands over because they link the network
// and graph libraries (tools/parley/command_line.h). Run through `parley`;
// run directly, it takes the same arguments.
#include "tools/parley/command_line.h"
#include "tools/parley/commands.h"

namespace {

// In the order of command_line.cc's table of ext commands (`parley --help`'s).
constexpr parley::cli::CommandEntry kCommands[] = {
    {"report", parley::cli::AddReportCommand}, {"posts", parley::cli::AddPostsCommand},
    {"alerts", parley::cli::AddAlertsCommand}, {"terms", parley::cli::AddTermsCommand},
    {"author", parley::cli::AddAuthorCommand}, {"thread", parley::cli::AddThreadCommand},
    {"queue", parley::cli::AddQueueCommand},   {"influencers", parley::cli::AddInfluencersCommand},
    {"serve", parley::cli::AddServeCommand},
};

}  // namespace

int main(int argc, char** argv) {
  return parley::cli::RunCommandLine(argc, argv, kCommands, /*delegate=*/false);
}
