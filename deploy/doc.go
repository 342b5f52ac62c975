// Package deploy holds the examples that run epaper's nightly build
// unattended: a cron line and its wrapper script (cron/), a systemd service
// and timer (systemd/), and a Kubernetes CronJob building one city edition
// per pod (kubernetes/). README.md explains how to install each. The
// package has no code: its tests parse every example, check the fields a
// scheduler depends on, and run the shell scripts against a stand-in
// epaper to check how they map its exit statuses.
package deploy
