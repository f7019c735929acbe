//! Generates a standards book of N standards with realistic Russian text, for
//! benchmarks: `cargo run --release --example gen_book -- N DIR [flat]`.
//!
//! The book has chapters of 50 standards (or, `flat`, one chapter of all of
//! them, as a wiki export or a folder of 400 procedures is), a glossary of 60 terms used in the
//! text in many word forms, phrase rules, appearance roles and checklists;
//! standards link each other by id and anchor, embed data and hold task lists.

use std::fmt::Write as _;
use std::path::Path;

const SENTENCES: &[&str] = &[
    "Сотрудник встречает клиента в течение тридцати секунд и первым здоровается.",
    "Если клиент недоволен, сотрудник выслушивает претензию до конца и не перебивает.",
    "Каждое обращение фиксируется в CRM с номером заказа и договорённостями.",
    "Руководитель смены принимает эскалацию, когда решение выходит за полномочия сотрудника.",
    "Компенсация предлагается после того, как клиент согласился с решением.",
    "Тайный покупатель оценивает обслуживание по чек-листу и передаёт результаты в отдел качества.",
    "Стоп-фразы не используются ни в зале, ни по телефону, ни в переписке.",
    "Дипломатичная формулировка сохраняет уважение к клиенту и переводит разговор к решению.",
    "Постоянным клиентам предлагаются персональные условия программы лояльности.",
    "Оператор контакт-центра отвечает в чате в течение одной минуты.",
    "Курьер звонит клиенту за час до доставки и предупреждает о любой задержке.",
    "Внешний вид сотрудника соответствует дресс-коду его должности, бейдж всегда на месте.",
    "После решения вопроса сотрудник предлагает клиенту оценить обслуживание.",
    "Сложные случаи разбираются на еженедельной встрече без поиска виноватых.",
];

const TERMS: &[(&str, &str)] = &[
    (
        "Клиент",
        "Человек или компания, которые покупают наши товары или услуги.",
    ),
    ("Претензия", "Требование клиента устранить недостаток."),
    ("Эскалация", "Передача обращения руководителю смены."),
    (
        "Компенсация",
        "Жест, которым компания возмещает неудобство.",
    ),
    ("Тайный покупатель", "Проверяющий под видом клиента."),
    ("Стоп-фраза", "Фраза, которую не произносят."),
    (
        "Дипломатичная формулировка",
        "Вежливая замена недопустимой фразы.",
    ),
    ("Постоянный клиент", "Клиент с тремя покупками за год."),
    ("Оператор", "Сотрудник контакт-центра."),
    ("Курьер", "Сотрудник доставки."),
    ("Дресс-код", "Требования к внешнему виду."),
    ("Бейдж", "Именная табличка сотрудника."),
];

#[allow(dead_code)]
fn main() {
    let mut args = std::env::args().skip(1);
    let usage = "usage: gen_book N DIR [flat]";
    let count: usize = args.next().and_then(|n| n.parse().ok()).expect(usage);
    let dir = args.next().expect(usage);
    let flat = args.next().as_deref() == Some("flat");
    let per_chapter = if flat { count.max(1) } else { 50 };
    generate_shaped(count, per_chapter, Path::new(&dir));
    println!("generated {count} standards in {dir}");
}

/// Runs `git ARGS` in `dir` as the benchmarks' author, failing loudly.
#[allow(dead_code)]
pub fn git(dir: &Path, args: &[&str]) {
    let status = std::process::Command::new("git")
        .current_dir(dir)
        .args(args)
        .env("GIT_AUTHOR_NAME", "Bench")
        .env("GIT_AUTHOR_EMAIL", "bench@example.com")
        .env("GIT_COMMITTER_NAME", "Bench")
        .env("GIT_COMMITTER_EMAIL", "bench@example.com")
        .status()
        .expect("git runs");
    assert!(status.success(), "git {args:?}");
}

/// Book sizes for benchmarks: `STANDBOOK_BENCH_SIZES` (e.g. `100,500`), else 1,000 and 10,000.
#[allow(dead_code)]
pub fn bench_sizes() -> Vec<usize> {
    std::env::var("STANDBOOK_BENCH_SIZES")
        .unwrap_or_else(|_| "1000,10000".into())
        .split(',')
        .filter_map(|n| n.trim().parse().ok())
        .collect()
}

/// Peak resident memory of this process (VmHWM from /proc), in KiB; 0 where unavailable.
#[allow(dead_code)]
pub fn peak_memory_kb() -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmHWM:"))
                .map(str::to_string)
        })
        .and_then(|l| l.split_whitespace().nth(1).and_then(|n| n.parse().ok()))
        .unwrap_or(0)
}

/// Writes a book of `count` standards into `dir` (replacing what is there).
#[allow(dead_code)]
pub fn generate(count: usize, dir: &Path) {
    generate_shaped(count, 50, dir);
}

/// Writes a book of `count` standards in chapters of `per_chapter` into `dir`.
pub fn generate_shaped(count: usize, per_chapter: usize, dir: &Path) {
    if dir.exists() {
        std::fs::remove_dir_all(dir).expect("remove old book");
    }
    let mut rng = fastrand::Rng::with_seed(42);
    write(
        dir,
        "standbook.yaml",
        &format!(
            "title: Сгенерированная книга ({count})\norganization: ООО «Тест»\nlanguage: ru\nversion: 1.0.0\neffective: 2026-01-01\noutput: ../site\n"
        ),
    );
    write(dir, "terms.yaml", &terms());
    write(dir, "phrases.yaml", &phrases());
    write(dir, "appearance.yaml", APPEARANCE);
    for c in 0..3 {
        write(dir, &format!("checklists/list-{c}.yaml"), &checklist(c));
    }
    let chapters = count.div_ceil(per_chapter);
    for chapter in 0..chapters {
        let folder = format!("{:03}-chapter", chapter + 1);
        write(
            dir,
            &format!("{folder}/chapter.yaml"),
            &format!("title: Раздел {}\n", chapter + 1),
        );
        for i in 0..per_chapter.min(count - chapter * per_chapter) {
            let n = chapter * per_chapter + i;
            write(
                dir,
                &format!("{folder}/{:05}-standard.md", i + 1),
                &standard(n, count, &mut rng),
            );
        }
    }
}

fn write(dir: &Path, path: &str, text: &str) {
    let path = dir.join(path);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, text).unwrap();
}

fn terms() -> String {
    let mut out = String::from("terms:\n");
    for (term, definition) in TERMS {
        writeln!(out, "  - term: {term}\n    definition: {definition}").unwrap();
    }
    for i in 0..48 {
        writeln!(out, "  - term: Показатель {i}\n    definition: Метрика качества номер {i}.\n    autolink: false").unwrap();
    }
    out
}

fn phrases() -> String {
    let mut out = String::from("rules:\n");
    for i in 0..40 {
        let level = if i % 5 == 0 { "care" } else { "forbidden" };
        writeln!(out, "  - phrase: Запрещённая фраза {i}\n    level: {level}\n    category: Группа {}\n    instead: [Вежливая замена {i}]\n    why: Причина {i}.", i % 6).unwrap();
    }
    out
}

const APPEARANCE: &str = "roles:\n  - id: sales\n    title: Продавец\n    areas:\n      - area: Одежда\n        required: [Фирменное поло]\n        not_allowed: [Шорты]\n";

fn checklist(c: usize) -> String {
    let mut out = format!("id: list-{c}\ntitle: Чек-лист {c}\nsections:\n");
    for s in 0..3 {
        writeln!(out, "  - title: Раздел {s}\n    items:").unwrap();
        for i in 0..5 {
            writeln!(out, "      - Пункт {s}.{i}: проверить выполнение стандарта").unwrap();
        }
    }
    out.replace(": проверить", " — проверить")
}

fn standard(n: usize, count: usize, rng: &mut fastrand::Rng) -> String {
    let mut out = format!(
        "---\nid: STD-{n}\ntitle: Стандарт номер {n}\nversion: 1.{}.0\neffective: 2026-0{}-01\nowner: Отдел {}\nreview_every: 12 months\napplies_to: [Продавец, Кассир]\nsummary: Краткое описание стандарта {n}.\nchanges:\n  - {{ version: 1.0.0, date: 2025-01-01, summary: Первая редакция }}\n---\n",
        n % 5,
        1 + n % 9,
        n % 7
    );
    for section in 0..4 {
        writeln!(out, "## Раздел {section}\n").unwrap();
        for _ in 0..3 {
            let paragraph: Vec<&str> = (0..4)
                .map(|_| SENTENCES[rng.usize(..SENTENCES.len())])
                .collect();
            writeln!(out, "{}\n", paragraph.join(" ")).unwrap();
        }
        let target = rng.usize(..count);
        writeln!(
            out,
            "Подробнее — в [стандарте {target}](@STD-{target}#раздел-{}).\n",
            rng.usize(..4)
        )
        .unwrap();
    }
    out.push_str("| Ситуация | Кто решает |\n|---|---|\n| Скидка до 10 % | Сотрудник |\n| Больше | Руководитель смены |\n\n");
    out.push_str("- [ ] Прочитал стандарт\n- [ ] Обсудил с наставником\n");
    if n.is_multiple_of(10) {
        out.push_str("\n{{checklist id=list-0}}\n");
    }
    out
}
