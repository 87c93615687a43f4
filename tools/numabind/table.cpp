#include "table.h"

#include <algorithm>

namespace nbcli {

Table::Table(std::vector<Column> columns) : columns_(std::move(columns)) {}

void Table::add_row(std::vector<std::string> cells) {
    cells.resize(columns_.size());
    rows_.push_back(std::move(cells));
}

void Table::render(std::ostream &out, const std::string &indent) const {
    std::vector<size_t> widths;
    for (const Column &column : columns_) {
        widths.push_back(column.header.size());
    }
    for (const auto &row : rows_) {
        for (size_t i = 0; i < row.size(); ++i) {
            widths[i] = std::max(widths[i], row[i].size());
        }
    }
    auto print_line = [&](const std::vector<std::string> &cells) {
        std::string line = indent;
        for (size_t i = 0; i < cells.size(); ++i) {
            const std::string padding(widths[i] - cells[i].size(), ' ');
            if (i > 0) {
                line += "  ";
            }
            line += columns_[i].align == Align::Right ? padding + cells[i] : cells[i] + padding;
        }
        line.erase(line.find_last_not_of(' ') + 1);
        out << line << "\n";
    };
    std::vector<std::string> headers;
    for (const Column &column : columns_) {
        headers.push_back(column.header);
    }
    print_line(headers);
    for (const auto &row : rows_) {
        print_line(row);
    }
}

}  // namespace nbcli
