use std::time::Instant;
fn main() {
    let root = std::path::PathBuf::from(std::env::args().nth(1).unwrap());
    let t = Instant::now();
    let c = yomon::load::load(&root.join("content"), &root).unwrap();
    println!("load {:?}", t.elapsed());
    for _ in 0..3 {
        let t = Instant::now();
        let r = yomon::render::related::related(&c.reviews, 4);
        println!("related {:?} {}", t.elapsed(), r.len());
    }
    let t = Instant::now();
    let n: usize = c
        .reviews
        .iter()
        .map(|r| yomon::render::markdown::to_html(&r.body).len())
        .sum();
    println!("markdown {:?} {n}", t.elapsed());
    let t = Instant::now();
    let f = yomon::search::index_files(&c.reviews, &c.taxonomy, &|r| {
        format!("reviews/{}.html", r.slug)
    });
    println!("search {:?} {}", t.elapsed(), f.len());
}
