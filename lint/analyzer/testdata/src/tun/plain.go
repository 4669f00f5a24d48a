package tun

// Window returns the TCP window in bytes.
func Window() int { return 16 * 1460 }
