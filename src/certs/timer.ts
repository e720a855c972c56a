/**
 * The certificate renewal timer: its unit name, installing it on a node (`certs renew
 * --install-timer`) and whether a node has it (`certs check`, the dry-run plan, doctor).
 */
import {
  installTimer,
  SYSTEMD_DIR,
  selfCommand,
  type TimerInstall,
  timerInstalled,
} from "../host/systemd-timer.js";
import { t } from "../i18n/messages.js";
import type { Node } from "../node/node.js";
import { EXPIRY_WARNING_DAYS } from "./x509.js";

export const CERTS_TIMER = "kadm-wizard-certs-renew";
/** Where the timer's unit is (systemd's admin unit directory). */
export const CERTS_TIMER_UNIT = `${SYSTEMD_DIR}/${CERTS_TIMER}.timer`;

/** Installs the daily renewal (units in the node's /etc/systemd/system, enabled through its runner). */
export function installRenewTimer(node: Node): Promise<TimerInstall> {
  return installTimer(node, {
    name: CERTS_TIMER,
    // Unit files are read by admins and journald on any locale: English.
    description: t("en", "certs.timerDescription", { days: EXPIRY_WARNING_DAYS }),
    command: [...selfCommand(), "certs", "renew", "--all", "--if-expiring", "--yes"],
  });
}

/** Files only (the unit is there): also what doctor reads, through its HostFs. */
export function renewTimerInstalled(node: Pick<Node, "fs">): Promise<boolean> {
  return timerInstalled(node, CERTS_TIMER);
}
