//! Generates the selected corpus files (see `selection.rs`) and every file
//! of `idl/` (constructs the corpus lacks; always checked, even without the
//! corpus) into `OUT_DIR/corpus/<module>/` and writes `OUT_DIR/all.rs`, which
//! `src/lib.rs` includes, so `cargo check` compiles the generated code.
//! Also writes `OUT_DIR/corpus-index.tsv` (`module<TAB>corpus path`) and
//! `OUT_DIR/generate-failures.txt` so `scripts/corpus-compile.sh` can map
//! rustc errors back to corpus files.

mod corpus;
mod generate;
mod module_name;
mod selection;

use std::path::{Path, PathBuf};

const ENV_SELECT: &str = "THRIFTGEN_CORPUS";
const ENV_SKIP: &str = "THRIFTGEN_CORPUS_SKIP";
/// When set to `1`, files that fail to generate are reported as warnings
/// and left out instead of failing the build (for the full sweep).
const ENV_KEEP_GOING: &str = "THRIFTGEN_CORPUS_KEEP_GOING";

fn main() {
    for var in [ENV_SELECT, ENV_SKIP, ENV_KEEP_GOING, "CI"] {
        println!("cargo:rerun-if-env-changed={var}");
    }
    println!("cargo:rerun-if-changed=build");
    println!("cargo:rerun-if-changed=default-set.txt");
    println!("cargo:rerun-if-changed=idl");
    let package_dir = PathBuf::from(env("CARGO_MANIFEST_DIR"));
    let out_dir = PathBuf::from(env("OUT_DIR"));
    let root = out_dir.join("corpus");
    // Output of earlier selections must not linger.
    let _ = std::fs::remove_dir_all(&root);
    let mut failures = Vec::new();
    let mut modules = extras(&package_dir.join("idl"), &root, &mut failures);
    modules.extend(match corpus::locate(&package_dir) {
        Some(corpus) => run(&package_dir, &corpus, &root, &mut failures),
        None if std::env::var("CI").as_deref() == Ok("true") => {
            fail("the shared corpus is missing at ../shared/corpus (required under CI=true)")
        }
        None => {
            println!(
                "cargo:warning=skipping: no shared corpus at ../shared/corpus; nothing to check"
            );
            Vec::new()
        }
    });
    write(&out_dir.join("generate-failures.txt"), &failures.join("\n"));
    report(&failures);
    write(&out_dir.join("all.rs"), &generate::all_rs(&modules));
    let index: String = modules
        .iter()
        .map(|(module, path, _)| format!("{module}\t{path}\n"))
        .collect();
    write(&out_dir.join("corpus-index.tsv"), &index);
}

/// `(module, path, dir)` of one generated file.
type Module = (String, String, PathBuf);

/// Generates every `.thrift` file of `idl_dir` on its own.
fn extras(idl_dir: &Path, root: &Path, failures: &mut Vec<String>) -> Vec<Module> {
    let mut names: Vec<String> = std::fs::read_dir(idl_dir)
        .map(|dir| {
            dir.filter_map(|entry| entry.ok()?.file_name().into_string().ok())
                .filter(|name| name.ends_with(".thrift"))
                .collect()
        })
        .unwrap_or_default();
    names.sort();
    let modules = module_name::module_names(
        &names
            .iter()
            .map(|n| format!("extra/{n}"))
            .collect::<Vec<_>>(),
    );
    let include_dirs = vec![idl_dir.to_path_buf()];
    generate_all(idl_dir, &names, modules, &include_dirs, root, failures)
}

/// Generates every selected corpus file.
fn run(package_dir: &Path, corpus: &Path, root: &Path, failures: &mut Vec<String>) -> Vec<Module> {
    let expected_path = corpus.join("EXPECTED.tsv");
    println!("cargo:rerun-if-changed={}", expected_path.display());
    let accepted = corpus::accepted(&read(&expected_path));
    let default_list = read(&package_dir.join("default-set.txt"));
    let read_list = |file: &str| {
        std::fs::read_to_string(package_dir.join(file)).map_err(|e| format!("reading {file}: {e}"))
    };
    let selected = selection::select(
        &std::env::var(ENV_SELECT).unwrap_or_default(),
        &std::env::var(ENV_SKIP).unwrap_or_default(),
        &accepted,
        &default_list,
        &read_list,
    )
    .unwrap_or_else(|e| fail(&format!("{ENV_SELECT}/{ENV_SKIP}: {e}")));
    let names = module_name::module_names(&selected);
    let mut modules = Vec::new();
    for (path, module) in selected.iter().zip(names) {
        let include_dirs = corpus::include_dirs(corpus, path);
        let one = [path.clone()];
        modules.extend(generate_all(
            corpus,
            &one,
            vec![module],
            &include_dirs,
            root,
            failures,
        ));
    }
    modules
}

/// Generates each of `paths` (relative to `base`) as its own program into
/// `root/<module>`; failures get their rendered diagnostics.
fn generate_all(
    base: &Path,
    paths: &[String],
    modules: Vec<String>,
    include_dirs: &[PathBuf],
    root: &Path,
    failures: &mut Vec<String>,
) -> Vec<Module> {
    let mut out = Vec::new();
    for (path, module) in paths.iter().zip(modules) {
        let dir = root.join(&module);
        let generated = generate::generate(base, path, include_dirs.to_vec(), &dir);
        for source in &generated.sources {
            println!("cargo:rerun-if-changed={}", source.display());
        }
        match generated.failure {
            None => out.push((module, path.clone(), dir)),
            Some(rendered) => failures.push(format!("--- {path}\n{rendered}")),
        }
    }
    out
}

fn report(failures: &[String]) {
    if failures.is_empty() {
        return;
    }
    let summary = format!("{} files failed to generate", failures.len());
    if std::env::var(ENV_KEEP_GOING).as_deref() == Ok("1") {
        println!("cargo:warning={summary}; left out (details: build script stderr)");
        eprintln!("{summary}:\n{}", failures.join("\n"));
        return;
    }
    fail(&format!("{summary}:\n{}", failures.join("\n")));
}

fn env(name: &str) -> String {
    std::env::var(name).unwrap_or_else(|_| fail(&format!("cargo sets {name}")))
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| fail(&format!("{}: {e}", path.display())))
}

fn write(path: &Path, text: &str) {
    std::fs::write(path, text).unwrap_or_else(|e| fail(&format!("{}: {e}", path.display())));
}

/// Ends the build script with `message` on stderr, which cargo shows.
fn fail(message: &str) -> ! {
    eprintln!("error: {message}");
    std::process::exit(1);
}
