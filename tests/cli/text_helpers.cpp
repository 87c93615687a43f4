#include "text_helpers.h"

#include <sstream>
#include <stdexcept>

namespace nbtest {

namespace {

int parse_cpu_number(const std::string &text) {
    if (text.empty() || text.find_first_not_of("0123456789") != std::string::npos) {
        throw std::invalid_argument("not a CPU number: '" + text + "'");
    }
    return std::stoi(text);
}

}  // namespace

std::set<int> cpu_set_from_list(const std::string &list) {
    std::set<int> cpus;
    std::string text = list;
    while (!text.empty() && (text.back() == '\n' || text.back() == ' ')) {
        text.pop_back();
    }
    if (text.empty()) {
        return cpus;
    }
    std::stringstream items(text);
    std::string item;
    while (std::getline(items, item, ',')) {
        const size_t dash = item.find('-');
        const int first = parse_cpu_number(item.substr(0, dash));
        const int last = dash == std::string::npos ? first : parse_cpu_number(item.substr(dash + 1));
        if (last < first) {
            throw std::invalid_argument("reversed range '" + item + "'");
        }
        for (int cpu = first; cpu <= last; ++cpu) {
            cpus.insert(cpu);
        }
    }
    return cpus;
}

std::vector<std::string> lines_of(const std::string &text) {
    std::vector<std::string> lines;
    std::stringstream stream(text);
    std::string line;
    while (std::getline(stream, line)) {
        lines.push_back(line);
    }
    return lines;
}

std::vector<std::string> table_cells(const std::string &line, size_t max_cells) {
    std::vector<std::string> cells;
    size_t pos = line.find_first_not_of(' ');
    while (pos != std::string::npos && pos < line.size()) {
        if (cells.size() + 1 == max_cells) {
            cells.push_back(line.substr(pos));
            break;
        }
        const size_t gap = line.find("  ", pos);
        cells.push_back(line.substr(pos, gap == std::string::npos ? std::string::npos : gap - pos));
        pos = gap == std::string::npos ? gap : line.find_first_not_of(' ', gap);
    }
    return cells;
}

int find_line(const std::vector<std::string> &lines, const std::string &line) {
    for (size_t i = 0; i < lines.size(); ++i) {
        if (lines[i] == line) {
            return static_cast<int>(i);
        }
    }
    return -1;
}

}  // namespace nbtest
