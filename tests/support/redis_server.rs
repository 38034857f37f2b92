//! A real `redis-server` (Debian's package) on a free loopback port, killed on drop.
//!
//! A free port can be taken by another process between the check and the server's start (tests
//! and benchmarks start servers in parallel): a server is only handed out once the process on
//! its port says it is ours (`INFO server`'s `process_id`), else another port is tried.

use std::io::{Read, Write};
use std::net::TcpStream;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

pub struct Redis {
    pub child: Child,
    pub url: String,
    pub port: u16,
}

impl Redis {
    pub fn start() -> Redis {
        for _ in 0..10 {
            let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
            if let Some(redis) = Redis::try_start_on(port) {
                return redis;
            }
        }
        panic!("redis-server did not start on any of 10 free ports");
    }

    /// A server on `port` (to start one again where a stopped one was).
    pub fn start_on(port: u16) -> Redis {
        Redis::try_start_on(port).unwrap_or_else(|| panic!("redis-server did not start on port {port}"))
    }

    fn try_start_on(port: u16) -> Option<Redis> {
        let mut child = Command::new("redis-server")
            .args(["--port", &port.to_string(), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"])
            .stdout(Stdio::null())
            .spawn()
            .expect("redis-server is needed for these tests: apt-get install redis-server (make setup does)");
        let deadline = Instant::now() + Duration::from_secs(10);
        while Instant::now() < deadline {
            if child.try_wait().ok().flatten().is_some() {
                return None; // the port was taken
            }
            match pid_on(port) {
                Some(pid) if pid == child.id() => {
                    return Some(Redis { child, url: format!("redis://127.0.0.1:{port}/"), port });
                }
                Some(_) => break, // another server holds the port
                None => std::thread::sleep(Duration::from_millis(20)),
            }
        }
        let _ = child.kill();
        let _ = child.wait();
        None
    }

    /// Stops the server (the port closes).
    pub fn stop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The process id of the Redis server answering on `port`, if one answers.
fn pid_on(port: u16) -> Option<u32> {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).ok()?;
    stream.set_read_timeout(Some(Duration::from_secs(2))).ok()?;
    stream.write_all(b"INFO server\r\n").ok()?;
    let mut answer = Vec::new();
    let mut chunk = [0u8; 4096];
    while !String::from_utf8_lossy(&answer).contains("process_id:") || !answer.ends_with(b"\r\n") {
        let n = stream.read(&mut chunk).ok()?;
        if n == 0 {
            break;
        }
        answer.extend_from_slice(&chunk[..n]);
    }
    let text = String::from_utf8_lossy(&answer);
    let line = text.lines().find(|l| l.starts_with("process_id:"))?;
    line.trim_start_matches("process_id:").trim().parse().ok()
}

impl Drop for Redis {
    fn drop(&mut self) {
        self.stop();
    }
}
