package extract

import (
	"mime"
	"net/http"
	"net/url"
	"regexp"
	"strings"
)

// mattermost: the API v4 (https://api.mattermost.com). Posts go out by
// POST /api/v4/posts ({"channel_id","message","root_id","file_ids",
// "props":{"attachments":[{"text","title","fields":[…]…}]}}), edits by
// PUT /api/v4/posts/{id} (the whole post) and PUT /api/v4/posts/{id}/patch
// ({"message",…}), ephemeral posts by POST /api/v4/posts/ephemeral
// ({"user_id","post":{…}}); files go up by POST /api/v4/files (multipart
// channel_id, client_ids and files, or the raw file with channel_id and
// filename in the query). Posts come in as a PostList from GET
// /api/v4/channels/{id}/posts, /api/v4/posts/{id}/thread and
// /api/v4/users/{uid}/channels/{cid}/posts/unread: {"order":[ids],
// "posts":{"<id>":{…post…}},"next_post_id":…,"prev_post_id":…}, the posts
// an object keyed by id. Errors are the AppError {"id":…,"message":…,
// "status_code":403,"request_id":…}.
var mattermost = &Service{
	Name:  "mattermost",
	Hosts: []string{"*.cloud.mattermost.com", "community.mattermost.com"},
	Path:  regexp.MustCompile(`^/api/v4/(posts|channels|users|files|teams|websocket)(/|$)`),
	skip:  mattermostSkip,
	routes: []route{
		{methods: "POST", direction: Outbound, read: mattermostPost, path: regexp.MustCompile(`^/api/v4/posts/?$`)},
		{methods: "POST", direction: Outbound, read: mattermostEphemeral, path: regexp.MustCompile(`^/api/v4/posts/ephemeral$`)},
		{methods: "PUT", direction: Outbound, read: mattermostPost, path: regexp.MustCompile(`^/api/v4/posts/[A-Za-z0-9]+(/patch)?$`)},
		{methods: "POST", direction: Outbound, read: mattermostUpload, path: regexp.MustCompile(`^/api/v4/files/?$`)},
		{methods: "GET", direction: Inbound, read: mattermostPostList,
			path: regexp.MustCompile(`^/api/v4/(channels/([A-Za-z0-9]+)/posts|posts/[A-Za-z0-9]+/thread|users/[^/]+/channels/([A-Za-z0-9]+)/posts/unread)$`)},
	},
	sockets: []socket{{read: mattermostSocket}},
	block: func(reason, incident string) (int, any) {
		return http.StatusForbidden, map[string]any{"id": "chatdlp.policy_violation", "message": blockReason(reason, incident),
			"status_code": 403, "request_id": incident, "incident_id": incident}
	},
}

// mattermostSkip: ids the server or the client generates (26-character
// identifiers, "user:timestamp" pending ids), a post's type marker, a
// file's inline JPEG preview (base64) and a thread's participants (user
// objects with their emails): never text a user wrote.
var mattermostSkip = []string{"id", "user_id", "channel_id", "root_id", "original_id", "pending_post_id",
	"post_id", "file_ids", "remote_id", "client_ids", "type", "mini_preview", "participants"}

// mattermostPost reads a new post, a whole edited post or a patch.
func mattermostPost(in *Input, _ []string) (*Doc, error) {
	return one(in, mattermostSkip, "", "channel_id")
}

// mattermostEphemeral reads an ephemeral post: the post is a member.
func mattermostEphemeral(in *Input, _ []string) (*Doc, error) {
	d, err := one(in, mattermostSkip, "")
	if err == nil && d.root != nil {
		d.Messages[0].Channel = d.root.get("post", "channel_id").str()
	}
	return d, err
}

// mattermostUpload reads a file upload: a multipart body (its files come
// back as files, the channel is the channel_id field or parameter), or one
// raw file named by the query's filename.
func mattermostUpload(in *Input, _ []string) (*Doc, error) {
	q, _ := url.ParseQuery(in.Query)
	if mt, _, _ := mime.ParseMediaType(in.ContentType); strings.HasPrefix(mt, "multipart/") {
		d, err := one(in, mattermostSkip, "", "channel_id")
		if err == nil && d.Messages[0].Channel == "" {
			d.Messages[0].Channel = q.Get("channel_id")
		}
		return d, err
	}
	s := in.text()
	d := &Doc{root: &node{kind: kindRaw, end: len(s), raw: s}}
	m := &Message{Channel: q.Get("channel_id")}
	if len(s) > 0 {
		m.Files = []*File{{Path: "files", Name: q.Get("filename"), ContentType: in.ContentType, Data: in.Body}}
	}
	d.Messages = []*Message{m}
	return d, nil
}

// mattermostPostList reads a PostList: every member of `posts` is a
// removable message (cut out of the object with its key), its channel the
// post's channel_id (or the path's), its user the post's user_id.
//
// The post's id stays in `order` when the post is cut: Doc.Remove cuts one
// element per message, and a message cannot name two. Mattermost's web
// app indexes posts by the ids in `order` without a check in some
// reducers (a dangling id can throw there), so a message should be
// removable by several elements and this one cut its id from `order` too.
func mattermostPostList(in *Input, m []string) (*Doc, error) {
	root, err := parseJSON(in.Scratch, in.text())
	if err != nil {
		return Generic(in, mattermostSkip...)
	}
	pathChannel := m[2]
	if pathChannel == "" {
		pathChannel = m[3]
	}
	d := &Doc{root: root}
	posts := root.child("posts")
	if posts == nil || posts.kind != kindObject {
		return d, nil
	}
	order := map[string][]*node{} // a post's id in `order`, cut out with it
	for _, el := range root.child("order").elems() {
		order[el.str()] = append(order[el.str()], el)
	}
	for i, post := range posts.kids {
		msg := elementMessage(in.Scratch, post, pathChannel, mattermostSkip, []string{"user_id"})
		if c := post.child("channel_id").str(); c != "" {
			msg.Channel = c
		}
		msg.also = order[posts.keys[i]]
		d.Messages = append(d.Messages, msg)
	}
	return d, nil
}
