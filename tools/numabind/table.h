// Plain-text tables for a terminal: a header row and aligned columns.
#ifndef NUMABIND_CLI_TABLE_H
#define NUMABIND_CLI_TABLE_H

#include <ostream>
#include <string>
#include <vector>

namespace nbcli {

enum class Align { Left, Right };

struct Column {
    std::string header;
    Align align = Align::Left;
};

class Table {
public:
    explicit Table(std::vector<Column> columns);

    // A row with one cell per column (missing cells are blank, extra ones dropped).
    void add_row(std::vector<std::string> cells);

    // Columns separated by two spaces, each line prefixed with `indent`;
    // no trailing blanks, so the last column may hold long text.
    void render(std::ostream &out, const std::string &indent = "") const;

private:
    std::vector<Column> columns_;
    std::vector<std::vector<std::string>> rows_;
};

}  // namespace nbcli

#endif
