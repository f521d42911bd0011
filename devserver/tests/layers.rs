//! The dev server's layers, checked on its sources: a request goes route → domain (`auth/`) →
//! `db/`, so nothing outside `src/routes/` may import `crate::routes` (the crate root, which
//! mounts the routes, aside), and no module may depend on itself through others (a cycle of
//! `crate::` / `super::` imports between files).

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// Every `.rs` file under `dir`.
fn sources(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).expect("read src/") {
        let path = entry.expect("dir entry").path();
        if path.is_dir() {
            sources(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// `routes::sign_ins` for `src/routes/sign_ins.rs`, `auth::oauth` for `src/auth/oauth/mod.rs`.
fn module_of(src: &Path, file: &Path) -> String {
    let rel = file.strip_prefix(src).expect("under src/").with_extension("");
    let mut parts: Vec<String> = rel.iter().map(|p| p.to_string_lossy().into_owned()).collect();
    if parts.last().is_some_and(|p| p == "mod") {
        parts.pop();
    }
    parts.join("::")
}

/// The source without `//` comments (doc comments name modules freely).
fn code(text: &str) -> String {
    text.lines().map(|l| l.split("//").next().unwrap_or("")).collect::<Vec<_>>().join("\n")
}

/// The module paths a file names with `crate::` or `super::` (resolved against its own).
fn named_modules(module: &str, text: &str) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    let path_after = |rest: &str| -> String { rest.chars().take_while(|c| c.is_ascii_alphanumeric() || *c == '_' || *c == ':').collect() };
    for (i, _) in text.match_indices("crate::") {
        out.insert(path_after(&text[i + "crate::".len()..]));
    }
    let parent: Vec<&str> = module.split("::").collect();
    let parent = parent[..parent.len().saturating_sub(1)].join("::");
    for (i, _) in text.match_indices("super::") {
        if i > 0 && text[..i].ends_with("::") {
            continue;
        }
        let rest = path_after(&text[i + "super::".len()..]);
        out.insert(if parent.is_empty() { rest } else { format!("{parent}::{rest}") });
    }
    out
}

#[test]
fn nothing_outside_routes_imports_routes() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    sources(&src, &mut files);
    let mut offenders = Vec::new();
    for file in &files {
        let module = module_of(&src, file);
        if module == "lib" || module == "routes" || module.starts_with("routes::") {
            continue;
        }
        let text = code(&std::fs::read_to_string(file).expect("read source"));
        if text.contains("crate::routes") || text.contains("clerk_devserver::routes") {
            offenders.push(module);
        }
    }
    assert!(offenders.is_empty(), "these modules import crate::routes: {offenders:?}");
    // The check sees what it looks for: the route table itself names its modules.
    assert!(files.iter().any(|f| module_of(&src, f) == "routes"));
}

#[test]
fn no_module_depends_on_itself() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    sources(&src, &mut files);
    let modules: BTreeMap<String, String> =
        files.iter().map(|f| (module_of(&src, f), code(&std::fs::read_to_string(f).expect("read source")))).collect();
    // An import of `a::b::c` is an edge to the longest prefix that is a module file.
    let resolve = |path: &str| -> Option<String> {
        let parts: Vec<&str> = path.split("::").filter(|p| !p.is_empty()).collect();
        (1..=parts.len()).rev().map(|n| parts[..n].join("::")).find(|m| modules.contains_key(m))
    };
    let graph: BTreeMap<&str, BTreeSet<String>> = modules
        .iter()
        .filter(|(m, _)| *m != "lib" && *m != "main")
        .map(|(m, text)| (m.as_str(), named_modules(m, text).iter().filter_map(|p| resolve(p)).filter(|d| d != m).collect()))
        .collect();
    // Depth-first search for a path back to where it started.
    fn reaches(graph: &BTreeMap<&str, BTreeSet<String>>, from: &str, to: &str, seen: &mut BTreeSet<String>, path: &mut Vec<String>) -> bool {
        for next in graph.get(from).into_iter().flatten() {
            if next == to {
                path.push(next.clone());
                return true;
            }
            if seen.insert(next.clone()) {
                path.push(next.clone());
                if reaches(graph, next, to, seen, path) {
                    return true;
                }
                path.pop();
            }
        }
        false
    }
    for m in graph.keys() {
        let mut path = vec![m.to_string()];
        if reaches(&graph, m, m, &mut BTreeSet::new(), &mut path) {
            panic!("a module cycle: {}", path.join(" → "));
        }
    }
    // The graph is not empty: the domain layer depends on `db`.
    assert!(graph.get("auth::sign_in").is_some_and(|deps| deps.iter().any(|d| d.starts_with("db"))));
}

/// argon2 never runs under the database lock (ARCHITECTURE.md, "No KDF under the lock"): outside
/// `password.rs`, whose `check`, `hash_off_lock` and `off_lock` run it on the blocking pool, only
/// these call `password::hash` or `password::verify` directly — the demo seed before its
/// transaction, and a password change inside `password::off_lock`.
#[test]
fn the_kdf_runs_only_off_the_lock() {
    const DIRECT_CALLERS: &[&str] = &["main", "auth::user"];
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    sources(&src, &mut files);
    let mut callers = BTreeSet::new();
    for file in &files {
        let module = module_of(&src, file);
        let text = code(&std::fs::read_to_string(file).expect("read source"));
        if module != "password" && (text.contains("password::hash(") || text.contains("password::verify(")) {
            callers.insert(module);
        }
    }
    let unexpected: Vec<&String> = callers.iter().filter(|m| !DIRECT_CALLERS.contains(&m.as_str())).collect();
    assert!(unexpected.is_empty(), "these modules run the KDF themselves (use password::check / hash_off_lock): {unexpected:?}");
    assert_eq!(callers.len(), DIRECT_CALLERS.len(), "the allowed callers are still callers: {callers:?}");
}
