# Shared by bench/build.sh and bench/serve.sh (sourced, with ROOT set to the
# repository): the enlarged content, and the yomon and Hugo projects over it.

# content/ times N, dates shifted by whole spans of the original archive,
# one word in eight of each copy changed (bench/enlarge.py).
enlarge() {
  local n=$1 dest=$2
  mkdir -p "$dest/reviews"
  cp content/tags.toml "$dest/"
  python3 "$ROOT/bench/enlarge.py" "$n" "$dest/reviews" content/reviews
}

yomon_project() {
  local dir=$1 content=$2
  mkdir -p "$dir"
  ln -s "$ROOT/templates" "$dir/templates"
  ln -s "$ROOT/static" "$dir/static"
  ln -s "$content" "$dir/content"
}

hugo_project() {
  local dir=$1 content=$2
  mkdir -p "$dir/layouts/_default" "$dir/content"
  ln -s "$content/reviews" "$dir/content/reviews"
  cat > "$dir/hugo.toml" <<'TOML'
baseURL = "https://example.org/"
languageCode = "he"
title = "bench"
paginate = 20
relativeURLs = true
buildFuture = true
[outputs]
home = ["HTML", "RSS"]
term = ["HTML", "RSS"]
[markup.goldmark.renderer]
hardWraps = true
[taxonomies]
tag = "tags"
[related]
includeNewer = true
threshold = 1
toLower = false
[[related.indices]]
name = "tags"
weight = 100
TOML
  cat > "$dir/layouts/_default/baseof.html" <<'HTML'
<!DOCTYPE html>
<html lang="he" dir="rtl"><head><meta charset="utf-8"><title>{{ .Title }} · {{ .Site.Title }}</title>
<link rel="stylesheet" href="/style.css"></head>
<body><header><a href="/">{{ .Site.Title }}</a> <a href="/tags/">נושאים</a></header>
<main>{{ block "main" . }}{{ end }}</main></body></html>
HTML
  cat > "$dir/layouts/index.html" <<'HTML'
{{ define "main" }}<ol>{{ range (.Paginate (where .Site.RegularPages "Section" "reviews")).Pages }}
<li><time datetime="{{ .Date.Format "2006-01-02" }}">{{ .Date.Format "2 January 2006" }}</time>
<h2><a href="{{ .RelPermalink }}"><span lang="en" dir="ltr">{{ .Title }}</span></a></h2>
{{ with .Params.headline }}<p>{{ . }}</p>{{ end }}<p>{{ .Summary | plainify | truncate 220 }}</p>
<ul>{{ range .GetTerms "tags" }}<li><a href="{{ .RelPermalink }}">{{ .LinkTitle }}</a></li>{{ end }}</ul></li>{{ end }}</ol>
{{ template "_internal/pagination.html" . }}{{ end }}
HTML
  cat > "$dir/layouts/_default/single.html" <<'HTML'
{{ define "main" }}<article data-pagefind-body><h1><span lang="en" dir="ltr">{{ .Title }}</span></h1>
<time datetime="{{ .Date.Format "2006-01-02" }}">{{ .Date.Format "2 January 2006" }}</time>
{{ with .Params.number }}<p>{{ . }}</p>{{ end }}{{ with .Params.headline }}<p>{{ . }}</p>{{ end }}
<p>{{ delimit (.Params.authors | default slice) ", " }}</p>
{{ .Content }}
<ul>{{ range .Params.arxiv }}<li><a href="https://arxiv.org/abs/{{ . }}">abs</a> <a href="https://arxiv.org/pdf/{{ . }}">pdf</a></li>{{ end }}
{{ range .Params.links }}<li><a href="{{ . }}">{{ . }}</a></li>{{ end }}</ul>
<ul>{{ range .GetTerms "tags" }}<li><a href="{{ .RelPermalink }}">{{ .LinkTitle }}</a></li>{{ end }}</ul></article>
<nav>{{ with .PrevInSection }}<a href="{{ .RelPermalink }}">{{ .Title }}</a>{{ end }} {{ with .NextInSection }}<a href="{{ .RelPermalink }}">{{ .Title }}</a>{{ end }}</nav>
<ul>{{ range first 4 (.Site.RegularPages.Related .) }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>{{ end }}</ul>{{ end }}
HTML
  cat > "$dir/layouts/_default/list.html" <<'HTML'
{{ define "main" }}<h1>{{ .Title }}</h1><ol>{{ range .Pages }}<li><time datetime="{{ .Date.Format "2006-01-02" }}">{{ .Date.Format "2 January 2006" }}</time>
<a href="{{ .RelPermalink }}">{{ .Title }}</a> {{ with .Params.headline }}{{ . }}{{ end }} {{ .Summary | plainify | truncate 220 }}</li>{{ end }}</ol>{{ end }}
HTML
  cat > "$dir/layouts/_default/terms.html" <<'HTML'
{{ define "main" }}<h1>{{ .Title }}</h1><ul>{{ range .Data.Terms.ByCount }}<li><a href="{{ .Page.RelPermalink }}">{{ .Page.Title }}</a> {{ .Count }}</li>{{ end }}</ul>{{ end }}
HTML
  # The feeds carry each review's whole text, its authors and its topics,
  # as yomon's have since issue 9 (Hugo's own RSS template has the summary
  # only): otherwise Hugo would write half the bytes yomon writes.
  cat > "$dir/layouts/_default/rss.xml" <<'XML'
{{- $pages := .Pages -}}{{- if .IsHome -}}{{- $pages = .Site.RegularPages -}}{{- end -}}
{{- printf "<?xml version=\"1.0\" encoding=\"utf-8\" standalone=\"yes\"?>" | safeHTML }}
<rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:dc="http://purl.org/dc/elements/1.1/">
  <channel>
    <title>{{ .Title }}</title>
    <link>{{ .Permalink }}</link>
    <language>{{ .Site.LanguageCode }}</language>
    {{ with .OutputFormats.Get "RSS" }}{{ printf "<atom:link href=%q rel=\"self\" type=%q />" .Permalink .MediaType | safeHTML }}{{ end }}
    {{- range $pages }}
    <item>
      <title>{{ .Title }}</title>
      <link>{{ .Permalink }}</link>
      <pubDate>{{ .Date.Format "Mon, 02 Jan 2006 15:04:05 -0700" | safeHTML }}</pubDate>
      <guid>{{ .Permalink }}</guid>{{ range .Params.authors }}
      <dc:creator>{{ . }}</dc:creator>{{ end }}{{ range .GetTerms "tags" }}
      <category>{{ .LinkTitle }}</category>{{ end }}
      <description>{{ .Summary | plainify | truncate 220 }}</description>
      <content:encoded>{{ .Content | html }}</content:encoded>
    </item>
    {{- end }}
  </channel>
</rss>
XML
}

