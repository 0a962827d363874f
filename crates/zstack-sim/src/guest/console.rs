//! A Windows console's code page and language, and the cmd built-ins that
//! depend on them: `chcp`, `dir`, `type`, and `>nul` redirection.
//!
//! A Chinese guest (`zh-CN`) starts in code page 936 and writes GBK; others
//! start in 65001 (UTF-8, so their output is what it always was). `chcp N`
//! changes the code page for the rest of the command line.

use super::codepage::{self, GBK_936, UTF8};
use super::Run;
use crate::world::Vm;

const EOL: &str = "\r\n";

#[derive(Debug, Clone)]
pub struct Console {
    pub code_page: u16,
    /// Messages in Chinese (a `zh-CN` guest).
    pub zh: bool,
}

impl Console {
    pub fn for_vm(vm: &Vm) -> Console {
        let zh = vm.locale == "zh-CN";
        Console {
            code_page: if zh { GBK_936 } else { UTF8 },
            zh,
        }
    }

    pub fn not_recognized(&self, cmd: &str) -> Run {
        let text = if self.zh {
            format!("'{cmd}' 不是内部或外部命令，也不是可运行的程序{EOL}或批处理文件。{EOL}")
        } else {
            format!("'{cmd}' is not recognized as an internal or external command,{EOL}operable program or batch file.{EOL}")
        };
        Run::err(text, 1)
    }

    /// `chcp` shows the code page; `chcp N` switches to it (the message is
    /// written in the new one).
    pub fn chcp(&mut self, args: &[String]) -> Run {
        if let Some(arg) = args.first() {
            match arg.parse::<u16>() {
                Ok(cp) if codepage::known(cp) => self.code_page = cp,
                _ => {
                    let msg = if self.zh {
                        "无效代码页"
                    } else {
                        "Invalid code page"
                    };
                    return Run::err(format!("{msg}{EOL}"), 1);
                }
            }
        }
        let label = if self.zh {
            "活动代码页"
        } else {
            "Active code page"
        };
        Run::out(format!("{label}: {}{EOL}", self.code_page))
    }

    /// The files in the current directory (`C:\data`): name and contents.
    /// A Chinese guest's files were saved by Notepad as "ANSI", i.e. GBK.
    fn files(&self) -> &'static [(&'static str, &'static str)] {
        if self.zh {
            &[
                ("中文.txt", "中文内容：朱镕基\r\n"),
                ("镕铸.txt", "熔炼与铸造\r\n"),
            ]
        } else {
            &[("readme.txt", "Hello from the simulated guest.\r\n")]
        }
    }

    /// The code page a file's bytes are in.
    fn file_code_page(&self) -> u16 {
        if self.zh {
            GBK_936
        } else {
            UTF8
        }
    }

    fn file_size(&self, contents: &str) -> usize {
        codepage::encode(contents, self.file_code_page()).len()
    }

    pub fn dir(&self) -> Run {
        let files = self.files();
        let total: usize = files.iter().map(|(_, c)| self.file_size(c)).sum();
        let mut out = String::new();
        if self.zh {
            out.push_str(&format!(" 驱动器 C 中的卷没有标签。{EOL} 卷的序列号是 5A3C-1F2E{EOL}{EOL} C:\\data 的目录{EOL}{EOL}"));
            for d in [".", ".."] {
                out.push_str(&format!("2024/01/15  10:42    <DIR>          {d}{EOL}"));
            }
            for (name, contents) in files {
                let size = self.file_size(contents);
                out.push_str(&format!("2024/01/15  10:40    {size:>14} {name}{EOL}"));
            }
            out.push_str(&format!(
                "{:>16} 个文件 {total:>14} 字节{EOL}{:>16} 个目录 42,949,672,960 可用字节{EOL}",
                files.len(),
                2
            ));
        } else {
            out.push_str(&format!(" Volume in drive C has no label.{EOL} Volume Serial Number is 5A3C-1F2E{EOL}{EOL} Directory of C:\\data{EOL}{EOL}"));
            for d in [".", ".."] {
                out.push_str(&format!("01/15/2024  10:42 AM    <DIR>          {d}{EOL}"));
            }
            for (name, contents) in files {
                let size = self.file_size(contents);
                out.push_str(&format!("01/15/2024  10:40 AM    {size:>14} {name}{EOL}"));
            }
            out.push_str(&format!(
                "{:>16} File(s) {total:>14} bytes{EOL}{:>16} Dir(s)  42,949,672,960 bytes free{EOL}",
                files.len(),
                2
            ));
        }
        Run::out(out)
    }

    /// `type FILE` copies the file's bytes as they are: `chcp` does not
    /// re-encode them.
    pub fn type_file(&self, args: &[String]) -> Run {
        let Some(name) = args.first() else {
            let msg = if self.zh {
                "命令语法不正确。"
            } else {
                "The syntax of the command is incorrect."
            };
            return Run::err(format!("{msg}{EOL}"), 1);
        };
        match self
            .files()
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
        {
            Some((_, contents)) => Run {
                code_page: Some(self.file_code_page()),
                ..Run::out(*contents)
            },
            None => {
                let msg = if self.zh {
                    "系统找不到指定的文件。"
                } else {
                    "The system cannot find the file specified."
                };
                Run::err(format!("{msg}{EOL}"), 1)
            }
        }
    }
}

/// Strips `>nul`, `1>nul`, `2>nul` (and `>>nul`, any case, spaces allowed
/// before `nul`) outside quotes; says which streams go to `nul`. Other
/// redirections are left as text. A digit is a handle only as its own word
/// (`chcp 65001>nul` redirects handle 1).
pub fn strip_nul_redirects(line: &str) -> (String, bool, bool) {
    let (mut out, mut err) = (false, false);
    let mut text = line.to_owned();
    loop {
        let mut quoted = false;
        let found = text.char_indices().find_map(|(i, c)| {
            if c == '"' {
                quoted = !quoted;
            }
            if c != '>' || quoted {
                return None;
            }
            let after = text[i..].trim_start_matches('>').trim_start();
            let target = after.split_whitespace().next().unwrap_or_default();
            if !target.eq_ignore_ascii_case("nul") {
                return None;
            }
            let end = text.len() - after.len() + target.len();
            let before = &text[..i];
            let handle = match before.as_bytes() {
                [.., b' ' | b'\t', h @ (b'1' | b'2')] => Some(*h),
                [h @ (b'1' | b'2')] => Some(*h),
                _ => None,
            };
            let start = if handle.is_some() { i - 1 } else { i };
            Some((start, end, handle.unwrap_or(b'1')))
        });
        let Some((start, end, handle)) = found else {
            break;
        };
        if handle == b'2' {
            err = true;
        } else {
            out = true;
        }
        text.replace_range(start..end, "");
    }
    (text, out, err)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nul_redirects() {
        assert_eq!(
            strip_nul_redirects("chcp 65001>nul"),
            ("chcp 65001".into(), true, false)
        );
        assert_eq!(
            strip_nul_redirects("type x 2>NUL"),
            ("type x ".into(), false, true)
        );
        assert_eq!(
            strip_nul_redirects("echo <b>bold</b>"),
            ("echo <b>bold</b>".into(), false, false)
        );
        assert_eq!(
            strip_nul_redirects("echo \">nul\""),
            ("echo \">nul\"".into(), false, false)
        );
    }
}
