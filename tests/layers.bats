#!/usr/bin/env bats
# The files of each library and program folder call in one direction: no
# circle of calls between the object files of a folder (tests/layers.py,
# from nm). A circle (run.c writing labcheck's verdicts while verdict.c runs
# processes) means two files that can only be read, changed and tested
# together. Reads the objects make built.

load helpers

LAYERED_DIRS="labcheck rpc rpc/classic common tools"

@test "layers: no call circle between the object files of labcheck/, rpc/, rpc/classic/, common/, tools/" {
    local dir
    for dir in $LAYERED_DIRS; do
        compgen -G "$ROOT/$dir/*.o" >/dev/null || { echo "no $dir/*.o: run make first"; false; }
    done
    cd "$ROOT"
    run -0 python3 tests/layers.py $LAYERED_DIRS
    [ "$output" = "" ]
}

@test "layers: a circle is found and named (two files calling each other)" {
    local dir="$BATS_TEST_TMPDIR/circle"
    mkdir -p "$dir"
    printf 'int b(int n);\nint a(int n) { return n > 0 ? b(n - 1) : 0; }\n' >"$dir/a.c"
    printf 'int a(int n);\nint b(int n) { return n > 0 ? a(n - 1) : 1; }\n' >"$dir/b.c"
    printf 'int a(int n);\nint main(void) { return a(3); }\n' >"$dir/main.c"
    for f in a b main; do
        cc -c -o "$dir/$f.o" "$dir/$f.c"
    done
    run -1 python3 "$ROOT/tests/layers.py" "$dir"
    [ "$output" = "circle: a.o b.o" ]
}
