package freertos_test

import (
	"fmt"
	"testing/fstest"

	"github.com/lwiplint/lwiplint/lwipopts/freertos"
)

func ExampleGet() {
	t, err := freertos.Get("V2.0.0")
	if err != nil {
		fmt.Println(err)
		return
	}
	d, _ := t.Default("ipconfigTCP_HANG_PROTECTION")
	fmt.Println(d.Name, d.Value, t.DefaultsFile, d.Line)
	for _, c := range t.Checks {
		if c.Option == "ipconfigNETWORK_MTU" {
			fmt.Printf("%s:%d: #error %s (reads %v before the default)\n", c.File, c.Line, c.Text, c.BeforeDefault)
		}
	}
	// Output:
	// ipconfigTCP_HANG_PROTECTION 0 include/FreeRTOSIPConfigDefaults.h 526
	// include/FreeRTOSIPConfigDefaults.h:99: #error ipconfigNETWORK_MTU must be at least 46. (reads [ipconfigNETWORK_MTU] before the default)
}

func ExampleDetectVersion() {
	tree := fstest.MapFS{
		"FreeRTOS-Plus-TCP/manifest.yml":                                     {Data: []byte("version: \"V4.2.3\"\n")},
		"FreeRTOS-Plus-TCP/source/include/FreeRTOSIPConfigDefaults.h":        {},
		"FreeRTOS-Plus-TCP/source/include/FreeRTOS_Routing.h":                {},
		"FreeRTOS-Plus-TCP/source/include/FreeRTOSIPDeprecatedDefinitions.h": {},
		"FreeRTOS-Plus-TCP/source/include/FreeRTOS_IP.h":                     {Data: []byte("#define ipFR_TCP_VERSION_NUMBER \"V4.2.2\"\n")},
	}
	d, err := freertos.DetectVersion(freertos.DetectInput{Tree: tree})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(d.Version, d.Exact, d.Root)
	for _, e := range d.Evidence {
		if e.Kind != freertos.EvidenceFingerprint {
			fmt.Println(e.Kind, e.Value, e.Used)
		}
	}
	// Output:
	// V4.2.3 true FreeRTOS-Plus-TCP
	// manifest V4.2.3 true
	// version-macro V4.2.2 true
	// layout source layout, FreeRTOS_Routing.h present, FreeRTOSIPDeprecatedDefinitions.h present true
}
