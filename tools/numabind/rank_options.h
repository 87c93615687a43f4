// The options that name local ranks: how many (--nproc) and which one
// (--local-rank, else the launcher's environment variables).
#ifndef NUMABIND_CLI_RANK_OPTIONS_H
#define NUMABIND_CLI_RANK_OPTIONS_H

#include <optional>
#include <string>

#include "args.h"

namespace nbcli {

FlagSpec nproc_flag(const std::string &help);

// --nproc as a number from 1 to 65536, nullopt when absent; UsageError
// naming the value otherwise.
std::optional<int> nproc_from(const ParsedArgs &args);

FlagSpec local_rank_flag();

// --local-rank as a number from 0 to INT_MAX, nullopt when absent;
// UsageError naming the value otherwise.
std::optional<int> local_rank_from_flag(const ParsedArgs &args);

// --local-rank, else the library's reading of this process's environment
// (LOCAL_RANK, SLURM_LOCALID, OMPI_COMM_WORLD_LOCAL_RANK). No rank, or a bad
// value, is a UsageError carrying the library's message.
int local_rank_of_this_process(const ParsedArgs &args);

}  // namespace nbcli

#endif
