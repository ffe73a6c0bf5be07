// Package docs holds kakao-sandbox's documentation as Markdown beside this
// file. It has no code: its tests keep the documents true (every rule has a
// test, every citation resolves, every runnable command answers as shown).
package docs
