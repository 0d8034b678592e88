// Package distcheck holds no code: its tests check the distribution files
// at the repository root (action.yml, Dockerfile, docs/ci.md) against the
// CLI's real flags, so that a renamed flag or input breaks the build here
// rather than in a user's pipeline.
package distcheck
