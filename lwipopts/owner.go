package lwipopts

import (
	"path/filepath"
	"strings"
)

// lwipOwned reports whether the file cc/v4 calls name is one of lwIP's own
// files: a header of the tree's lwip/ or netif/ directories or of the
// built-in tables, or, for Config.Preprocess, the unit it preprocesses
// (a .c file of the tree, such as src/core/init.c). The user's
// files and the port's (arch/cc.h) are not. r.mu may be held.
func (r *run) lwipOwned(name string) bool {
	if strings.HasPrefix(name, stubDir+"/") || strings.HasPrefix(name, cfgDir+"/") || name == r.cfgPath {
		return false
	}
	if strings.HasPrefix(name, builtinDir+"/") {
		rel := strings.TrimPrefix(name, r.root+"/")
		return inTree(rel)
	}
	if rel, ok := r.treeRel(name); ok {
		return inTree(rel)
	}
	// src/core/init.c beside src/include.
	dir := filepath.Dir(r.root) + string(filepath.Separator)
	return r.full && strings.HasSuffix(name, ".c") && strings.HasPrefix(name, dir)
}
