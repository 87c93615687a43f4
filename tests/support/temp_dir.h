// A private temporary directory for a test, removed with everything in it.
#ifndef NUMABIND_TESTS_SUPPORT_TEMP_DIR_H
#define NUMABIND_TESTS_SUPPORT_TEMP_DIR_H

#include <string>

namespace nbtest {

/// A new directory under $TMPDIR (or /tmp), removed recursively when the object dies.
class TempDir {
public:
    TempDir();  ///< Throws std::runtime_error when it cannot be made.
    ~TempDir();
    TempDir(const TempDir &) = delete;
    TempDir &operator=(const TempDir &) = delete;

    const std::string &path() const { return path_; }
    /// path()/name, whether or not it exists.
    std::string file(const std::string &name) const { return path_ + "/" + name; }
    /// Writes `text` to path()/name and returns the file's path. Throws std::runtime_error.
    std::string write(const std::string &name, const std::string &text) const;

private:
    std::string path_;
};

}  // namespace nbtest

#endif
