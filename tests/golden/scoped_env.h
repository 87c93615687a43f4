// Set (or unset) an environment variable for one scope, restoring the old
// value on exit, so a test that sets CUDA_VISIBLE_DEVICES or
// NUMABIND_TOPOLOGY cannot leak it into the next test.
#ifndef NUMABIND_TESTS_GOLDEN_SCOPED_ENV_H
#define NUMABIND_TESTS_GOLDEN_SCOPED_ENV_H

#include <cstdlib>
#include <optional>
#include <string>

namespace golden {

class ScopedEnv {
public:
    /// value == nullptr unsets the variable.
    ScopedEnv(std::string name, const char *value) : name_(std::move(name)) {
        if (const char *old = std::getenv(name_.c_str())) old_ = old;
        if (value)
            setenv(name_.c_str(), value, 1);
        else
            unsetenv(name_.c_str());
    }
    ~ScopedEnv() {
        if (old_)
            setenv(name_.c_str(), old_->c_str(), 1);
        else
            unsetenv(name_.c_str());
    }
    ScopedEnv(const ScopedEnv &) = delete;
    ScopedEnv &operator=(const ScopedEnv &) = delete;

private:
    std::string name_;
    std::optional<std::string> old_;
};

}  // namespace golden

#endif
