package lwipopts

// Params configures how a configuration is loaded and resolved.
type Params struct {
	// IncludeDirs are searched for quoted and angle includes, in order,
	// after the configuration file's own directory (like gcc's -I).
	IncludeDirs []string
	// Defines are predefined macros, NAME or NAME=VALUE (like gcc's -D).
	Defines []string
	// Undefines are names removed before the sources are read (gcc's -U).
	Undefines []string
	// Includes are files read before the configuration (gcc's -include).
	Includes []string
	// CompileCommands is a compile_commands.json file or the build
	// directory holding one; the -I/-D/-include flags of the entry that
	// compiles lwIP are added to the above.
	CompileCommands string
	// LwipDir names the lwIP tree: its include directory (holding
	// lwip/opt.h), its src/include, or its top. Empty means search for it.
	LwipDir string
	// LwipVersion selects a built-in default table ("2.1.3", …) when no
	// tree is used. With a tree it must match the tree's version.
	LwipVersion string
	// NoTree disables the search for an lwIP tree: the built-in tables are
	// used.
	NoTree bool
	// IDFVersion chooses the ESP-IDF release ("5.1.2") whose Kconfig and
	// lwipopts.h translate an sdkconfig; empty means detect it (IDF_PATH,
	// the sdkconfig header, dependencies.lock), else the newest known.
	IDFVersion string
	// IDFTarget is the chip ("esp32s3") for sdkconfig.defaults.<target>;
	// empty means CONFIG_IDF_TARGET of the files, else esp32.
	IDFTarget string
	// FreeRTOSVersion chooses the FreeRTOS+TCP release ("V4.1.0") whose
	// defaults resolve a FreeRTOSIPConfig.h; empty means detect it.
	FreeRTOSVersion string

	gen    *generated // set by LoadESPIDF
	predef []string   // more <built-in> macros (C library limits for FreeRTOS+TCP)
	// targetFlags are compile_commands.json's flags that choose the ABI
	// (CompileEnv.TargetFlags).
	targetFlags []string
}
