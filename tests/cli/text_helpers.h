// Reading the tool's output in tests, independently of the library: CPU list
// strings, hwloc-calc's comma lists, and the rows of a rendered table.
#ifndef NUMABIND_CLI_TESTS_TEXT_HELPERS_H
#define NUMABIND_CLI_TESTS_TEXT_HELPERS_H

#include <set>
#include <string>
#include <vector>

namespace nbtest {

// "0-3,8" -> {0,1,2,3,8}; also reads "0,48,1,49" (hwloc-calc -I pu output).
// Throws std::invalid_argument on anything else.
std::set<int> cpu_set_from_list(const std::string &list);

// The lines of `text`, without their line ends.
std::vector<std::string> lines_of(const std::string &text);

// A table row split at runs of two or more spaces (cells never hold two
// spaces in a row, except an error message in the last column, which stays
// whole because splitting stops after `max_cells` cells).
std::vector<std::string> table_cells(const std::string &line, size_t max_cells);

// Index of the line equal to `line`, or -1.
int find_line(const std::vector<std::string> &lines, const std::string &line);

}  // namespace nbtest

#endif
