package loadtest

import (
	"bufio"
	"errors"
	"fmt"
	"os"
	"strconv"
	"strings"
)

// CoreTicks is what a set of CPUs spent their time on, from /proc/stat, in
// clock ticks: busy running processes (user, nice, system: the pinned process
// and anything else the scheduler put there), interrupts (irq and softirq:
// on loopback, most of the network stack, charged to no process), idle
// (idle, iowait), and stolen by the hypervisor.
type CoreTicks struct {
	Busy, IRQ, Idle, Steal uint64
}

// Total is every tick counted.
func (c CoreTicks) Total() uint64 { return c.Busy + c.IRQ + c.Idle + c.Steal }

// IdleShare is the share of the time the CPUs were idle.
func (c CoreTicks) IdleShare() float64 { return ratio(float64(c.Idle), float64(c.Total())) }

// IRQShare is the share of the time the CPUs spent in interrupts.
func (c CoreTicks) IRQShare() float64 { return ratio(float64(c.IRQ), float64(c.Total())) }

func (c CoreTicks) minus(d CoreTicks) CoreTicks {
	return CoreTicks{c.Busy - d.Busy, c.IRQ - d.IRQ, c.Idle - d.Idle, c.Steal - d.Steal}
}

func (c CoreTicks) plus(d CoreTicks) CoreTicks {
	return CoreTicks{c.Busy + d.Busy, c.IRQ + d.IRQ, c.Idle + d.Idle, c.Steal + d.Steal}
}

// readCoreTicks sums the /proc/stat lines of the CPUs in list, a taskset
// list such as "1", "0,2" or "0-1".
func readCoreTicks(list string) (CoreTicks, error) {
	want, err := parseCPUList(list)
	if err != nil {
		return CoreTicks{}, err
	}
	f, err := os.Open("/proc/stat")
	if err != nil {
		return CoreTicks{}, err
	}
	defer f.Close()
	var sum CoreTicks
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		name, rest, _ := strings.Cut(sc.Text(), " ")
		n, err := strconv.Atoi(strings.TrimPrefix(name, "cpu"))
		if !strings.HasPrefix(name, "cpu") || err != nil || !want[n] {
			continue
		}
		var v [8]uint64 // user nice system idle iowait irq softirq steal
		if _, err := fmt.Sscan(rest, &v[0], &v[1], &v[2], &v[3], &v[4], &v[5], &v[6], &v[7]); err != nil {
			return CoreTicks{}, fmt.Errorf("loadtest: /proc/stat %s: %w", name, err)
		}
		sum = sum.plus(CoreTicks{Busy: v[0] + v[1] + v[2], Idle: v[3] + v[4], IRQ: v[5] + v[6], Steal: v[7]})
	}
	return sum, sc.Err()
}

// parseCPUList reads a taskset CPU list.
func parseCPUList(list string) (map[int]bool, error) {
	out := map[int]bool{}
	for part := range strings.SplitSeq(list, ",") {
		lo, hi, isRange := strings.Cut(part, "-")
		a, err1 := strconv.Atoi(lo)
		b, err2 := a, error(nil)
		if isRange {
			b, err2 = strconv.Atoi(hi)
		}
		if err1 != nil || err2 != nil || a < 0 || b < a {
			return nil, errors.New("loadtest: bad CPU list " + strconv.Quote(list))
		}
		for i := a; i <= b; i++ {
			out[i] = true
		}
	}
	return out, nil
}
