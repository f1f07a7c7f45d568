// sym_tmpl.cpp — a C++ function template inside a namespace (see sym_prog.c).
#include "sym_harness.h"

namespace ns {
template <typename T> T tmpl(T x)
{
    symh_capture("tmpl"); /* LINE:tmpl */
    return x + 1;
}
} // namespace ns

extern "C" int tmpl_entry(int x)
{
    return ns::tmpl<int>(x) + 1; /* LINE:tmpl_entry */
}
