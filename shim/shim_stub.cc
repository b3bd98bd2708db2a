/*
 * shim_stub.cc: reading Xapian stub files before Xapian does, so that opening
 * a database from an untrusted source can never run a program.
 *
 * Why this exists: a stub (a plain file, or a directory's XAPIANDB file)
 * lists databases one a line, and the line "remote :PROG ARGS" makes Xapian's
 * "prog" remote backend fork and exec PROG with ARGS (checked with Xapian
 * 1.4.22: `remote :touch /tmp/x` creates /tmp/x on open). A lasearch index is
 * a directory with such a stub, and indexes get copied between machines, so
 * an index from elsewhere could run anything as the person searching it.
 *
 * So before every open we read each stub the open would read, with Xapian's
 * own rules (backends/databasehelpers.h, 1.4 branch): std::getline lines,
 * empty and '#' lines skipped, the type is everything up to the first space,
 * relative paths are resolved against the stub's directory, "auto" entries
 * are opened as databases in their own right (so a nested stub is followed),
 * and "remote" with a rest starting ':' is a program. The reader below uses
 * the same std::ifstream/std::getline/std::string operations so that no byte
 * (a NUL, a '\r', a tab) can be read one way here and another way there.
 *
 * TCP remotes ("remote host:port") run nothing locally and are allowed; their
 * lack of authentication is a deployment matter (README, "Deployment").
 *
 * Stubs nested deeper than MAX_NESTING are refused: Xapian follows "auto"
 * entries without limit, so a stub that names itself (or the bare line
 * "auto", which names the stub's own directory) recurses until the stack
 * overflows. Stubs over 1 MiB are refused too (a 2 GB stub file was read
 * whole into memory). Not covered: a stub rewritten between this check and
 * Xapian's open; whoever can write into the index directory can do worse
 * anyway.
 */
#include "shim_internal.h"

#include <atomic>
#include <fstream>
#include <sstream>

#include <sys/stat.h>

using shim::fail;

namespace {

constexpr int MAX_NESTING = 8;

/* A stub names a few databases; one larger than this is refused before
 * Xapian (which reads the whole file into memory) can read it. */
constexpr size_t MAX_STUB_BYTES = 1 << 20;

/* What shim_db_open() and shim_db_add() pass: set once by a program whose
 * user explicitly allowed programs (shim_set_default_open_flags). */
std::atomic<unsigned> default_flags{0};

bool is_regular(const std::string &path)
{
    struct stat st;
    return stat(path.c_str(), &st) == 0 && S_ISREG(st.st_mode);
}

/* Xapian 1.4's test_if_single_file_db(): at least GLASS_MIN_BLOCKSIZE
 * (2048) bytes starting with glass's magic. Anything else is read as a
 * stub, by Xapian and so by us. */
bool is_single_file_db(const std::string &path, const struct stat &st)
{
    static const char magic[] = "\x0f\x0dXapian Glass";
    if (st.st_size < 2048)
        return false;
    std::ifstream f(path, std::ios::binary);
    char buf[sizeof magic - 1];
    return f.read(buf, sizeof buf) && std::memcmp(buf, magic, sizeof buf) == 0;
}

/* Xapian's resolve_relative_path(): a relative path is taken from the
 * directory of the stub that names it. */
std::string resolve(const std::string &path, const std::string &stub)
{
    if (!path.empty() && path[0] == '/')
        return path;
    std::string::size_type slash = stub.rfind('/');
    return slash == std::string::npos ? path : stub.substr(0, slash + 1) + path;
}

/* Text from a stub, safe to put in a message shown on a terminal: printable
 * ASCII kept, anything else (escape sequences included) as '?', cut short. */
std::string shown(const std::string &s)
{
    std::string out;
    for (char c : s) {
        if (out.size() >= 80) {
            out += "...";
            break;
        }
        out += c >= 0x20 && c < 0x7f ? c : '?';
    }
    return out;
}

shim_status check_path(const std::string &path, unsigned flags, int depth);

shim_status check_stub(const std::string &file, unsigned flags, int depth)
{
    std::ifstream in(file, std::ios::binary);
    if (!in)
        return SHIM_OK;   /* Xapian will fail to read it too, and say so */
    /* Read at most one byte past the limit, so a huge file (or one still
     * growing) costs no more than that; the lines are then split exactly
     * as Xapian's std::getline splits the file. */
    std::string text(MAX_STUB_BYTES + 1, '\0');
    in.read(&text[0], static_cast<std::streamsize>(text.size()));
    text.resize(static_cast<size_t>(in.gcount()));
    if (text.size() > MAX_STUB_BYTES)
        return fail(SHIM_ERR_OPENING,
                    file + ": a stub file of more than " + std::to_string(MAX_STUB_BYTES) +
                        " bytes; a stub lists databases one a line, so this is not one");
    std::istringstream stub(text);
    std::string line;
    unsigned line_no = 0;
    while (std::getline(stub, line)) {
        ++line_no;
        if (line.empty() || line[0] == '#')
            continue;
        std::string::size_type space = line.find(' ');
        if (space == std::string::npos)
            space = line.size();
        std::string type(line, 0, space);
        std::string rest = space < line.size() ? line.substr(space + 1) : "";

        if (type == "auto") {
            if (depth >= MAX_NESTING)
                return fail(SHIM_ERR_OPENING,
                            file + " line " + std::to_string(line_no) +
                                ": stub files nested more than " +
                                std::to_string(MAX_NESTING) +
                                " deep (does a stub name itself?)");
            shim_status st = check_path(resolve(rest, file), flags, depth + 1);
            if (st != SHIM_OK)
                return st;
        } else if (type == "remote" && !rest.empty() && rest[0] == ':' &&
                   !(flags & SHIM_OPEN_ALLOW_PROG)) {
            std::string prog = rest.substr(1, rest.find(' ') - 1);
            return fail(SHIM_ERR_UNSAFE,
                        file + " line " + std::to_string(line_no) + ": \"remote " +
                            shown(rest) + "\" would run the program '" + shown(prog) +
                            "' (Xapian's remote \"prog\" backend); refused, because "
                            "an index can come from anyone and opening it must not "
                            "run what it names");
        }
        /* Every other line runs nothing: "glass"/"chert" open one database
         * directly (never a stub), "remote host:port" connects over TCP,
         * "inmemory" is empty, and anything else is Xapian's "Bad line". */
    }
    return SHIM_OK;
}

/* What Xapian::Database(path) would read: a regular file is a single-file
 * database or a stub; a directory is a database (iamglass, iamchert) or a
 * stub directory (XAPIANDB); anything else fails in Xapian. */
shim_status check_path(const std::string &path, unsigned flags, int depth)
{
    struct stat st;
    if (stat(path.c_str(), &st) != 0)
        return SHIM_OK;
    if (S_ISREG(st.st_mode))
        return is_single_file_db(path, st) ? SHIM_OK : check_stub(path, flags, depth);
    if (!S_ISDIR(st.st_mode))
        return SHIM_OK;
    if (is_regular(path + "/iamchert") || is_regular(path + "/iamglass"))
        return SHIM_OK;
    std::string stub = path + "/XAPIANDB";
    return is_regular(stub) ? check_stub(stub, flags, depth) : SHIM_OK;
}

} // namespace

namespace shim {

shim_status check_open(const char *path, unsigned flags)
{
    try {
        return check_path(path, flags, 0);
    } catch (...) {
        return fail_current(ctx::general);
    }
}

unsigned open_flags_default()
{
    return default_flags.load();
}

} // namespace shim

extern "C" {

shim_status shim_db_check(const char *path, unsigned flags)
{
    if (!path || !*path)
        return fail(SHIM_ERR_ARG, "shim_db_check: path is NULL or empty");
    if (flags & ~static_cast<unsigned>(SHIM_OPEN_ALLOW_PROG))
        return fail(SHIM_ERR_ARG, "shim_db_check: unknown flags");
    return shim::check_open(path, flags);
}

void shim_set_default_open_flags(unsigned flags)
{
    default_flags.store(flags & SHIM_OPEN_ALLOW_PROG);
}

} // extern "C"
