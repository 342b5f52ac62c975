package wire

import (
	"fmt"
	"path"
	"regexp"
	"strconv"
	"strings"

	"github.com/epaper/epaper/problem"

	"github.com/epaper/epaper/story"
)

// Keys only ninjs 3.x has: it moved every property to camel case.
var ninjs3Keys = []string{
	"versionCreated", "firstCreated", "contentCreated", "embargoedUntil", "pubStatus",
	"copyrightHolder", "copyrightNotice", "usageTerms", "edNote", "altIds", "infoSources",
	"trustIndicators", "representationType", "rightsInfo", "digitalSourceType",
	"eventDetails", "plannedCoverage",
}

// Keys of ninjs 2.x (3.x keeps them): arrays of headlines, bodies and
// descriptions, and plural names for the concept arrays.
var ninjs2Keys = []string{
	"headlines", "bodies", "descriptions", "by", "subjects", "people", "organisations",
	"places", "events", "objects", "infosources", "genres", "standard", "trustindicators",
}

// Keys of ninjs 1.x: one string headline and byline, singular concept arrays.
var ninjs1Keys = []string{
	"headline", "byline", "subject", "person", "organisation", "place", "event", "object",
	"infosource", "genre", "$standard", "trustindicator", "mimetype",
}

var ninjsSchemaRE = regexp.MustCompile(`ninjs-schema_([123])\.`)

func detectJSON(data []byte) Format {
	r := &reader{lines: newLineIndex(data)}
	v, err := r.parseJSON(data)
	if err != nil {
		return Unknown
	}
	if v.kind == jArray {
		if len(v.arr) == 0 {
			return Unknown
		}
		v = v.arr[0]
	}
	return ninjsVersion(v)
}

// ninjsVersion tells ninjs 1.x, 2.x and 3.x apart by their shape: an explicit
// schema or standard version first, then the keys only one version has.
func ninjsVersion(v *jval) Format {
	if v == nil || v.kind != jObject {
		return Unknown
	}
	byDigit := map[byte]Format{'1': NinJS1, '2': NinJS2, '3': NinJS3}
	for _, s := range []*jval{v.get("$schema"), v.get("standard").get("schema"), v.get("$standard").get("schema")} {
		if s != nil && s.kind == jString {
			if m := ninjsSchemaRE.FindStringSubmatch(s.str); m != nil {
				return byDigit[m[1][0]]
			}
		}
	}
	for _, std := range []*jval{v.get("standard"), v.get("$standard")} {
		name, ver := std.get("name"), std.get("version")
		if name != nil && name.kind == jString && strings.EqualFold(name.str, "ninjs") && ver != nil && ver.kind == jString && ver.str != "" {
			if f, ok := byDigit[ver.str[0]]; ok {
				return f
			}
		}
	}
	has := func(keys []string) bool {
		for _, k := range keys {
			if v.get(k) != nil {
				return true
			}
		}
		return false
	}
	hasPrefix := false
	for _, k := range v.keys {
		if strings.HasPrefix(k, "body_") || strings.HasPrefix(k, "headline_") || strings.HasPrefix(k, "description_") {
			hasPrefix = true
		}
	}
	nested3 := false
	for _, k := range []string{"headlines", "bodies", "descriptions", "renditions"} {
		if a := v.get(k); a != nil && a.kind == jArray {
			for _, e := range a.arr {
				if e.get("contentType") != nil || e.get("sizeInBytes") != nil {
					nested3 = true
				}
			}
		}
	}
	_, hasURI := v.obj["uri"]
	arrays := func(k string) bool { a := v.get(k); return a != nil && a.kind == jArray }
	objects := func(k string) bool { a := v.get(k); return a != nil && a.kind == jObject }
	switch {
	case has(ninjs3Keys) || nested3:
		return NinJS3
	case has(ninjs2Keys) || arrays("renditions") || arrays("associations"):
		return NinJS2
	case has(ninjs1Keys) || hasPrefix || objects("renditions") || objects("associations"):
		return NinJS1
	case hasURI && (v.get("type") != nil || v.get("versioncreated") != nil || v.get("version") != nil):
		return NinJS2
	}
	return Unknown
}

func (r *reader) readJSON(data []byte) ([]story.Story, error) {
	v, err := r.parseJSON(data)
	if err != nil {
		return nil, err
	}
	if v.kind == jObject {
		if ninjsVersion(v) == Unknown {
			return nil, r.errorf(r.lines.line(v.off), "JSON is not ninjs: no \"uri\", \"headline\" or \"headlines\"")
		}
		s, err := r.ninjsStory(v, "")
		if err != nil {
			return nil, err
		}
		return []story.Story{s}, nil
	}
	if v.kind != jArray {
		return nil, r.errorf(r.lines.line(v.off), "JSON is not ninjs: expected an object, found %s", v.kind)
	}
	// An array of ninjs items, as some agencies deliver a batch.
	var out []story.Story
	var first error
	for i, e := range v.arr {
		field := fmt.Sprintf("[%d]", i)
		if e.kind != jObject {
			err := r.typeError(field, e, "an object")
			r.warnf(err.Line, "item skipped: %s", err.Msg)
			first = firstErr(first, err)
			continue
		}
		s, err := r.ninjsStory(e, field)
		if err != nil {
			if e, ok := err.(*problem.Problem); ok {
				r.warnf(e.Line, "item skipped: %s", e.Msg)
			}
			first = firstErr(first, err)
			continue
		}
		out = append(out, s)
	}
	if len(out) == 0 {
		if first != nil {
			return nil, first
		}
		return nil, r.errorf(r.lines.line(v.off), "no news items in the JSON array")
	}
	return out, nil
}

func firstErr(a, b error) error {
	if a != nil {
		return a
	}
	return b
}

// ninjsText is one headline, body or description of a ninjs item.
type ninjsText struct {
	role, ctype, value string
	off                int64
}

func (t ninjsText) rich() bool {
	c := strings.ToLower(t.ctype + " " + t.role)
	if strings.Contains(c, "html") || strings.Contains(c, "rich") {
		return true
	}
	if strings.Contains(c, "text/plain") {
		return false
	}
	return looksLikeHTML(t.value)
}

// texts reads the headlines, bodies or descriptions of an item in both
// shapes: a 2.x/3.x array of {role, contenttype, value} and 1.x keys with a
// prefix ("body_xhtml", "headline_main") or a plain key ("headline").
func (r *reader) ninjsTexts(v *jval, field, arrayKey, prefix string) ([]ninjsText, error) {
	var out []ninjsText
	for _, k := range v.keys {
		if !strings.HasPrefix(k, prefix) {
			continue
		}
		role := strings.TrimPrefix(k, prefix)
		if role == k || role == "" {
			continue
		}
		e := v.obj[k]
		if e.kind == jNull {
			continue
		}
		if e.kind != jString {
			return nil, r.typeError(joinField(field, k), e, "a string")
		}
		out = append(out, ninjsText{role: role, ctype: role, value: e.str, off: e.off})
	}
	items, err := r.jobjects(v, field, arrayKey)
	if err != nil {
		return nil, err
	}
	for i, e := range items {
		f := fmt.Sprintf("%s[%d]", joinField(field, arrayKey), i)
		val := e.get("value")
		if val == nil {
			continue
		}
		if val.kind != jString {
			return nil, r.typeError(f+".value", val, "a string")
		}
		role, err := r.jstr(e, f, "role")
		if err != nil {
			return nil, err
		}
		ct, err := r.jstr(e, f, "contenttype", "contentType")
		if err != nil {
			return nil, err
		}
		out = append(out, ninjsText{role: role, ctype: ct, value: val.str, off: val.off})
	}
	return out, nil
}

func roleIs(role string, words ...string) bool {
	role = strings.ToLower(role)
	for _, w := range words {
		if strings.Contains(role, w) {
			return true
		}
	}
	return false
}

// ninjsStory reads one ninjs item, of any version: the keys that differ
// between versions are tried in turn.
func (r *reader) ninjsStory(v *jval, field string) (story.Story, error) {
	s := story.Story{Format: "ninjs"}
	m, err := r.ninjsMeta(&s, v, field)
	if err != nil {
		return s, err
	}
	if err := r.ninjsHeadlines(&s, v, field); err != nil {
		return s, err
	}
	// Subjects and genres, by name where there is one.
	if s.Subjects, err = r.jnames(v, field, s.Subjects, "subject", "subjects"); err != nil {
		return s, err
	}
	if s.Genres, err = r.jnames(v, field, s.Genres, "genre", "genres"); err != nil {
		return s, err
	}
	pics, description, err := r.ninjsBody(&s, v, field, m.isPicture())
	if err != nil {
		return s, err
	}
	// Pictures: the item itself when it is a picture, then its associated
	// pictures, then figures in the body.
	var own []picture
	if m.isPicture() {
		p, e := r.ninjsRenditions(v, field, m.uri)
		if e != nil {
			return s, e
		}
		p.caption = description
		p.credit = firstNonEmpty(s.Byline, m.holder)
		own = append(own, p)
	}
	assoc, err := r.ninjsAssociations(v, field, 0)
	if err != nil {
		return s, err
	}
	s.Images = r.images(append(append(own, assoc...), pics...))
	if s.Headline == "" {
		return s, r.errorf(m.line, "no headline: the item has no \"headline\" or \"headlines\"")
	}
	return s, nil
}

// ninjsItem is what ninjsMeta reads that the rest of an item needs.
type ninjsItem struct {
	uri, typ, holder string
	line             int
}

func (m ninjsItem) isPicture() bool { return m.typ == "picture" || m.typ == "graphic" }

// ninjsMeta reads an item's identity, byline, dateline, language, status,
// rights, times, version and urgency.
func (r *reader) ninjsMeta(s *story.Story, v *jval, field string) (ninjsItem, error) {
	var err error
	str := func(keys ...string) string {
		if err != nil {
			return ""
		}
		var out string
		out, err = r.jstr(v, field, keys...)
		return out
	}
	m := ninjsItem{uri: str("uri"), typ: strings.ToLower(str("type"))}
	s.Byline = stripBy(str("byline", "by"))
	s.Dateline = collapse(str("located"))
	s.Language = collapse(str("language"))
	s.Status = status(str("pubstatus", "pubStatus"))
	s.License = collapse(firstNonEmpty(str("copyrightnotice", "copyrightNotice"), str("usageterms", "usageTerms")))
	published := firstNonEmpty(str("versioncreated", "versionCreated"), str("firstcreated", "firstCreated"), str("contentcreated", "contentCreated"))
	embargo := str("embargoed", "embargoedUntil")
	m.holder = str("copyrightholder", "copyrightHolder")
	if err != nil {
		return m, err
	}
	if m.uri != "" {
		s.ID = MakeID(m.uri)
		if isHTTP(m.uri) {
			s.Source = m.uri
		}
	}
	m.line = r.lines.line(v.off)
	s.Published = r.time(published, r.keyLine(v, m.line, "versioncreated", "versionCreated", "firstcreated", "firstCreated", "contentcreated", "contentCreated"), "version created")
	s.Embargo = r.time(embargo, r.keyLine(v, m.line, "embargoed", "embargoedUntil"), "embargo")
	if vv := v.get("version"); vv != nil && vv.kind != jNull {
		switch vv.kind {
		case jString, jNumber:
			n, e := strconv.Atoi(strings.TrimSpace(vv.str))
			if e != nil || n < 0 {
				r.warnf(r.lines.line(vv.off), "version %q is not a whole number: ignored", vv.str)
			} else {
				s.Version = n
			}
		default:
			return m, r.typeError(joinField(field, "version"), vv, "a string")
		}
	}
	if u, ok, e := r.jint(v, field, "urgency"); e != nil {
		return m, e
	} else if ok {
		s.Priority = priority(u)
		if s.Priority == 0 {
			r.warnf(r.lines.line(v.get("urgency").off), "urgency %d is not between 1 and 9: default priority used", u)
		}
	}
	return m, nil
}

// ninjsHeadlines reads the headlines: the main one, a deck and a kicker by
// role.
func (r *reader) ninjsHeadlines(s *story.Story, v *jval, field string) error {
	heads, err := r.ninjsTexts(v, field, "headlines", "headline_")
	if err != nil {
		return err
	}
	if h := v.get("headline"); h != nil && h.kind != jNull {
		if h.kind != jString {
			return r.typeError(joinField(field, "headline"), h, "a string")
		}
		heads = append([]ninjsText{{role: "main", value: h.str, off: h.off}}, heads...)
	}
	var alt string
	for _, h := range heads {
		text := collapse(h.value)
		if h.rich() {
			text = htmlText(h.value)
		}
		byRole(s, h.role, text, &alt)
	}
	if s.Headline == "" {
		s.Headline = alt
	}
	return nil
}

// ninjsBody reads the body (markup is preferred to plain text; teasers and
// summaries are not the body) and, for a story with no deck, a deck from a
// teaser or the description. It returns the pictures of the body and the
// description.
func (r *reader) ninjsBody(s *story.Story, v *jval, field string, isPic bool) ([]picture, string, error) {
	bodies, err := r.ninjsTexts(v, field, "bodies", "body_")
	if err != nil {
		return nil, "", err
	}
	var pics []picture
	if b, ok := pickBody(bodies); ok {
		if b.rich() {
			s.Body, pics = htmlBlocks(b.value)
		} else {
			s.Body = plainBlocks(b.value)
		}
		s.Body = dropHeadline(s.Body, s.Headline)
	}
	descs, err := r.ninjsTexts(v, field, "descriptions", "description_")
	if err != nil {
		return nil, "", err
	}
	description := pickDescription(descs)
	if s.Deck == "" && !isPic {
		for _, b := range bodies {
			if roleIs(b.role, "teaser", "summary", "abstract", "standfirst") {
				s.Deck = summaryDeck(textOf(b), s.Body)
				break
			}
		}
		if s.Deck == "" {
			s.Deck = summaryDeck(description, s.Body)
		}
	}
	return pics, description, nil
}

// keyLine returns the line of the first of the keys the object has, or def.
func (r *reader) keyLine(v *jval, def int, keys ...string) int {
	for _, k := range keys {
		if m := v.get(k); m != nil {
			return r.lines.line(m.off)
		}
	}
	return def
}

func textOf(t ninjsText) string {
	if t.rich() {
		return htmlText(t.value)
	}
	return collapse(t.value)
}

// pickBody chooses the body to set: not a teaser or summary, markup over
// plain text.
func pickBody(bodies []ninjsText) (ninjsText, bool) {
	var cands []ninjsText
	for _, b := range bodies {
		if strings.TrimSpace(b.value) == "" || roleIs(b.role, "teaser", "summary", "abstract", "standfirst") {
			continue
		}
		cands = append(cands, b)
	}
	if len(cands) == 0 {
		return ninjsText{}, false
	}
	for _, b := range cands {
		if b.rich() {
			return b, true
		}
	}
	return cands[0], true
}

// pickDescription chooses a description as plain text, preferring one
// written as plain text.
func pickDescription(descs []ninjsText) string {
	for _, d := range descs {
		if !d.rich() && strings.TrimSpace(d.value) != "" {
			return collapse(d.value)
		}
	}
	for _, d := range descs {
		if t := htmlText(d.value); t != "" {
			return t
		}
	}
	return ""
}

var imageExtRE = regexp.MustCompile(`(?i)\.(jpe?g|png|gif|webp|tiff?|avif|heic)$`)

// ninjsRenditions reads the renditions of a picture item, in both shapes:
// a 1.x object keyed by name and a 2.x/3.x array with names. When no
// rendition has an address and the item's uri names an image file, the uri
// is the picture.
func (r *reader) ninjsRenditions(v *jval, field, uri string) (picture, error) {
	p := picture{line: r.lines.line(v.off)}
	rv := v.get("renditions")
	var items []*jval
	var names []string
	switch {
	case rv == nil || rv.kind == jNull:
	case rv.kind == jObject:
		for _, k := range rv.keys {
			items = append(items, rv.obj[k])
			names = append(names, k)
		}
	case rv.kind == jArray:
		items = rv.arr
		names = make([]string, len(items))
	default:
		return p, r.typeError(joinField(field, "renditions"), rv, "an array")
	}
	for i, it := range items {
		f := fmt.Sprintf("%s[%d]", joinField(field, "renditions"), i)
		if it.kind != jObject {
			return p, r.typeError(f, it, "an object")
		}
		name := names[i]
		if name == "" {
			n, e := r.jstr(it, f, "name")
			if e != nil {
				return p, e
			}
			name = n
		}
		href, e := r.jstr(it, f, "href")
		if e != nil {
			return p, e
		}
		mime, e := r.jstr(it, f, "mimetype", "contenttype", "contentType")
		if e != nil {
			return p, e
		}
		w, _, e := r.jint(it, f, "width")
		if e != nil {
			return p, e
		}
		h, _, e := r.jint(it, f, "height")
		if e != nil {
			return p, e
		}
		size, _, e := r.jint(it, f, "sizeinbytes")
		if e != nil {
			return p, e
		}
		if size == 0 {
			if size, _, e = r.jint(it, f, "sizeInBytes"); e != nil {
				return p, e
			}
		}
		p.rends = append(p.rends, rendition{href: href, mime: mime, name: name, width: w, height: h, size: int64(size)})
	}
	if _, ok := chooseRendition(p.rends); !ok && isHTTP(uri) && imageExtRE.MatchString(path.Base(uri)) {
		p.rends = append(p.rends, rendition{href: uri})
	}
	return p, nil
}

// ninjsAssociations reads the associated items of type picture (1.x: an
// object keyed by name; 2.x/3.x: an array), looking one level into
// composites such as galleries.
func (r *reader) ninjsAssociations(v *jval, field string, depth int) ([]picture, error) {
	av := v.get("associations")
	var items []*jval
	switch {
	case av == nil || av.kind == jNull:
		return nil, nil
	case av.kind == jObject:
		for _, k := range av.keys {
			items = append(items, av.obj[k])
		}
	case av.kind == jArray:
		items = av.arr
	default:
		return nil, r.typeError(joinField(field, "associations"), av, "an array")
	}
	var out []picture
	for i, it := range items {
		f := fmt.Sprintf("%s[%d]", joinField(field, "associations"), i)
		if it.kind != jObject {
			return nil, r.typeError(f, it, "an object")
		}
		typ, err := r.jstr(it, f, "type")
		if err != nil {
			return nil, err
		}
		uri, err := r.jstr(it, f, "uri")
		if err != nil {
			return nil, err
		}
		switch strings.ToLower(typ) {
		case "picture", "":
			p, err := r.ninjsRenditions(it, f, uri)
			if err != nil {
				return nil, err
			}
			if typ == "" && !imageRenditions(p.rends) {
				continue
			}
			descs, err := r.ninjsTexts(it, f, "descriptions", "description_")
			if err != nil {
				return nil, err
			}
			p.caption = pickDescription(descs)
			if p.caption == "" {
				heads, err := r.ninjsTexts(it, f, "headlines", "headline_")
				if err != nil {
					return nil, err
				}
				if h, err := r.jstr(it, f, "headline"); err != nil {
					return nil, err
				} else if h != "" {
					heads = append([]ninjsText{{value: h}}, heads...)
				}
				if len(heads) > 0 {
					p.caption = textOf(heads[0])
				}
			}
			by, err := r.jstr(it, f, "byline", "by")
			if err != nil {
				return nil, err
			}
			holder, err := r.jstr(it, f, "copyrightholder", "copyrightHolder")
			if err != nil {
				return nil, err
			}
			p.credit = firstNonEmpty(stripBy(by), holder)
			out = append(out, p)
		case "composite":
			if depth < 2 {
				more, err := r.ninjsAssociations(it, f, depth+1)
				if err != nil {
					return nil, err
				}
				out = append(out, more...)
			}
		}
	}
	return out, nil
}

func imageRenditions(rends []rendition) bool {
	for _, r := range rends {
		if strings.HasPrefix(strings.ToLower(r.mime), "image/") {
			return true
		}
	}
	return false
}

func isHTTP(s string) bool {
	s = strings.ToLower(strings.TrimSpace(s))
	return strings.HasPrefix(s, "http://") || strings.HasPrefix(s, "https://")
}

// jnames appends to dst the names (or, without one, the codes) of the
// concept objects listed under any of keys: ninjs subjects and genres.
func (r *reader) jnames(v *jval, field string, dst []string, keys ...string) ([]string, error) {
	for _, key := range keys {
		items, e := r.jobjects(v, field, key)
		if e != nil {
			return dst, e
		}
		for i, it := range items {
			f := fmt.Sprintf("%s[%d]", joinField(field, key), i)
			name, e := r.jstr(it, f, "name")
			if e != nil {
				return dst, e
			}
			code, e := r.jstr(it, f, "code", "literal", "uri")
			if e != nil {
				return dst, e
			}
			dst = appendUnique(dst, firstNonEmpty(name, code))
		}
	}
	return dst, nil
}
