#!/bin/bash
# Debian's perl on a hash-heavy script in every mode: same output.
set -u
. "$A8_ROOT/tests/progs/real_lib.sh"
need perl
cat >"$A8_TMP/h.pl" <<'X'
use strict; use warnings;
my %h; my @a;
for my $i (1 .. 150000) { $h{"key$i"} = [$i, "v" x ($i % 11), { n => $i % 17 }]; }
delete $h{"key$_"} for grep { $_ % 4 == 0 } 1 .. 150000;
my %count; $count{ $_->[2]{n} }++ for values %h;
push @a, join(",", map { $_ * 3 } 1 .. ($_ % 40)) for 1 .. 20000;
my $s = join "", map { chr(65 + $_ % 26) } 1 .. 200000;
my %w; $w{substr($s, $_, 3)}++ for 0 .. length($s) - 3;
print scalar(keys %h), " ", join(" ", map { "$_=$count{$_}" } sort { $a <=> $b } keys %count), "\n";
print scalar(@a), " ", length(join "|", @a), " ", scalar(keys %w), "\n";
X
run_modes perl perl "$A8_TMP/h.pl"
exit $fail
