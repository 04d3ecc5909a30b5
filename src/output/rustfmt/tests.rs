use super::*;

fn file(name: &str, contents: &str) -> GeneratedFile {
    GeneratedFile {
        name: name.into(),
        contents: contents.into(),
    }
}

#[test]
fn a_missing_program_says_how_to_install_rustfmt_or_fix_rustfmt_the_variable() {
    let on_path = Rustfmt::new("thriftgen-no-such-rustfmt");
    let error = on_path.format(&[file("a.rs", "")]).unwrap_err();
    assert!(
        matches!(&error, RustfmtError::NotRunnable { source, .. } if source.kind() == io::ErrorKind::NotFound),
        "{error:?}"
    );
    assert_eq!(
        error.to_string(),
        "could not run `thriftgen-no-such-rustfmt` (not found on PATH; install it with \
         `rustup component add rustfmt`, or set RUSTFMT)"
    );

    let from_env = Rustfmt {
        program: "/nonexistent/rustfmt".into(),
        from_env: true,
    };
    let message = from_env.format(&[]).unwrap_err().to_string();
    assert!(
        message.starts_with("could not run `/nonexistent/rustfmt` (not found;"),
        "{message}"
    );
    assert!(message.contains("RUSTFMT"), "{message}");
}

#[test]
fn the_default_program_is_rustfmt_on_path() {
    assert_eq!(Rustfmt::default().program, "rustfmt");
    assert!(!Rustfmt::default().from_env);
}

#[test]
fn empty_config_files_are_distinct_empty_and_removed_on_drop() {
    let (a, b) = (
        EmptyConfig::create().unwrap(),
        EmptyConfig::create().unwrap(),
    );
    assert_ne!(a.path(), b.path());
    assert_eq!(fs::read(a.path()).unwrap(), b"");
    let path = a.path().to_path_buf();
    drop(a);
    assert!(!path.exists());
}

/// Fake rustfmts: shell scripts, so these run without rustfmt installed.
#[cfg(unix)]
mod fake {
    use std::os::unix::fs::PermissionsExt;

    use super::*;

    /// A script answering `--version`, then running `body` as the
    /// formatter (stdin to stdout, arguments in `$@`).
    fn script(dir: &Path, body: &str) -> Rustfmt {
        let path = dir.join("rustfmt");
        let text =
            format!("#!/bin/sh\nif [ \"$1\" = --version ]; then echo fake; exit 0; fi\n{body}\n");
        fs::write(&path, text).unwrap();
        fs::set_permissions(&path, fs::Permissions::from_mode(0o755)).unwrap();
        Rustfmt::new(path)
    }

    #[test]
    fn each_file_goes_through_stdin_with_an_empty_config_and_comes_back_in_order() {
        let dir = tempfile::tempdir().unwrap();
        // Prints its arguments, whether the config file is an existing
        // empty file, then the input upper-cased.
        let fake = script(
            dir.path(),
            "echo \"$@\"; config=$6; [ -f \"$config\" ] && [ ! -s \"$config\" ] && echo empty; tr a-z A-Z",
        );
        let files: Vec<GeneratedFile> = (0..20)
            .map(|i| file(&format!("m{i}.rs"), &format!("pub mod m{i};\n")))
            .collect();

        let formatted = fake.format(&files).unwrap();
        assert_eq!(formatted.len(), files.len());
        let mut configs = Vec::new();
        for (i, out) in formatted.iter().enumerate() {
            assert_eq!(out.name, format!("m{i}.rs"));
            let lines: Vec<&str> = out.contents.lines().collect();
            let args = lines[0]
                .strip_prefix("--edition 2024 --emit stdout --config-path ")
                .unwrap_or_else(|| panic!("unexpected arguments: {}", lines[0]));
            configs.push(PathBuf::from(args));
            assert_eq!(lines[1..], ["empty", &format!("PUB MOD M{i};")]);
        }
        // One config file for the whole run, gone afterwards.
        assert!(configs.iter().all(|c| c == &configs[0]));
        assert!(!configs[0].exists());
    }

    #[test]
    fn the_first_file_rustfmt_fails_on_is_the_error_with_its_stderr() {
        let dir = tempfile::tempdir().unwrap();
        let fake = script(
            dir.path(),
            "input=$(cat); case \"$input\" in *bad*) echo \"error: $input\" >&2; exit 1;; esac; echo \"$input\"",
        );
        let files = [
            file("mod.rs", "fine"),
            file("a.rs", "bad a"),
            file("b.rs", "bad b"),
        ];
        for _ in 0..5 {
            let error = fake.format(&files).unwrap_err();
            let RustfmtError::Failed { file, stderr } = &error else {
                panic!("{error:?}");
            };
            assert_eq!((file.as_str(), stderr.as_str()), ("a.rs", "error: bad a"));
            assert_eq!(
                error.to_string(),
                "rustfmt failed on the generated a.rs:\nerror: bad a"
            );
        }
    }

    #[test]
    fn a_failing_version_probe_is_reported_before_any_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("rustfmt");
        let proxy =
            "#!/bin/sh\necho \"error: 'rustfmt' is not installed for the toolchain\" >&2\nexit 1\n";
        fs::write(&path, proxy).unwrap();
        fs::set_permissions(&path, fs::Permissions::from_mode(0o755)).unwrap();

        let error = Rustfmt::new(&path).format(&[file("a.rs", "")]).unwrap_err();
        assert!(
            matches!(error, RustfmtError::VersionFailed { .. }),
            "{error:?}"
        );
        let message = error.to_string();
        assert!(message.contains("--version` failed"), "{message}");
        assert!(
            message.contains("rustup component add rustfmt"),
            "{message}"
        );
        assert!(
            message.ends_with("is not installed for the toolchain"),
            "{message}"
        );
    }
}
