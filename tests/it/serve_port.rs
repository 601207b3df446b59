//! `yomon serve` refuses a port that is taken, at once and clearly.

use crate::cli_util::Project;
use std::net::TcpListener;

#[test]
fn serve_reports_a_port_in_use() {
    let project = Project::new("serve-port");
    let taken = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = taken.local_addr().unwrap().port().to_string();
    let run = project.run(&["serve", "--port", &port]);
    assert_eq!(run.code, 1);
    assert_eq!(
        run.stderr,
        format!("error: cannot serve on 127.0.0.1:{port}: the port is already in use (choose another with --port N)\n")
    );
    assert_eq!(run.stdout, "");
    assert!(
        project.files().is_empty(),
        "serve wrote {:?}",
        project.files()
    );
}
