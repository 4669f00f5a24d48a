package espidf_test

import (
	"fmt"
	"os"
	"path/filepath"

	"github.com/lwiplint/lwiplint/lwipopts/espidf"
)

// The flow a caller follows: find the project, translate its sdkconfig
// files, then read the header line by line with its origin.
func Example() {
	dir, _ := os.MkdirTemp("", "espidf-example")
	defer os.RemoveAll(dir)
	os.WriteFile(filepath.Join(dir, "CMakeLists.txt"), []byte("include($ENV{IDF_PATH}/tools/cmake/project.cmake)\n"), 0o644)
	os.WriteFile(filepath.Join(dir, "sdkconfig"), []byte(
		"# Espressif IoT Development Framework (ESP-IDF) 5.1.2 Project Configuration\n"+
			"# CONFIG_LWIP_TCP_HIGH_SPEED_RETRANSMISSION is not set\n"+
			"CONFIG_LWIP_TCP_SYNMAXRTX=12\n"+
			"CONFIG_LWIP_TCP_MSS=1500\n"), 0o644)

	projects, err := espidf.Discover(dir)
	if err != nil || len(projects) != 1 {
		fmt.Println(err)
		return
	}
	tr, err := projects[0].Load(espidf.Options{})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println("ESP-IDF", tr.Version, "from", tr.VersionFrom)
	for _, name := range []string{"TCP_SYNMAXRTX", "LWIP_TCP_RTO_TIME", "TCP_MSS", "MEMP_MEM_MALLOC"} {
		l := tr.Line(name)
		o := l.Origin
		where := filepath.Base(o.Pos.File) + fmt.Sprintf(":%d", o.Pos.Line)
		if o.Kind != espidf.OriginSdkconfig {
			where = o.Source
		}
		fmt.Printf("%s %s (%s %s)\n", l.Name, l.Value, o.Kind, where)
	}
	for _, d := range tr.Diags {
		if d.Severity >= espidf.Warning {
			fmt.Println(filepath.Base(d.Pos.File), d.Pos.Line, d.Code)
		}
	}
	// Output:
	// ESP-IDF v5.1.2 from sdkconfig
	// TCP_SYNMAXRTX 12 (sdkconfig sdkconfig:3)
	// LWIP_TCP_RTO_TIME 3000 (kconfig-default esp-idf v5.1.2 components/lwip/Kconfig:690)
	// TCP_MSS 1440 (kconfig-default esp-idf v5.1.2 components/lwip/Kconfig:550)
	// MEMP_MEM_MALLOC 1 (esp-idf-fixed esp-idf v5.1.2 components/lwip/port/include/lwipopts.h:105)
	// sdkconfig 4 out-of-range
}
