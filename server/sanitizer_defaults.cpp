// Default options of the sanitizer runtimes, compiled into every program of a
// sanitizer build (MARK_SANITIZE), so a test run needs no environment set-up:
// the first report ends the program with a non-zero exit, which fails the
// test that started it. Leak checking is off: system libraries (fontconfig,
// glib under librsvg) keep caches for the life of the process. Environment
// variables (ASAN_OPTIONS, UBSAN_OPTIONS) still override these.
extern "C" const char* __asan_default_options() {
  return "abort_on_error=1:detect_leaks=0:strict_string_checks=1:detect_stack_use_after_return=1";
}

extern "C" const char* __ubsan_default_options() { return "print_stacktrace=1:halt_on_error=1"; }
