/** The questions the wizard can ask; the inquirer adapter and test fakes implement it. */
export interface Choice<T extends string> {
  value: T;
  name: string;
}

export interface InputQuestion {
  message: string;
  default?: string;
  /** Returns true, or the localised reason the answer is refused. */
  validate?: (value: string) => true | string;
}

export interface SelectQuestion<T extends string> {
  message: string;
  choices: Choice<T>[];
  default?: T;
}

export interface ConfirmQuestion {
  message: string;
  default?: boolean;
}

/** A secret (SSH password, key passphrase): echoed as "*", never stored by the prompter. */
export interface PasswordQuestion {
  message: string;
}

export interface Prompter {
  input(q: InputQuestion): Promise<string>;
  select<T extends string>(q: SelectQuestion<T>): Promise<T>;
  confirm(q: ConfirmQuestion): Promise<boolean>;
  password(q: PasswordQuestion): Promise<string>;
  /** Free text shown between questions (the summary). */
  note(text: string): void;
}

/** Thrown by prompters when the user presses Ctrl-C. */
export class PromptCancelled extends Error {
  constructor() {
    super("prompt cancelled");
    this.name = "PromptCancelled";
  }
}
