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

export interface Prompter {
  input(q: InputQuestion): Promise<string>;
  select<T extends string>(q: SelectQuestion<T>): Promise<T>;
  confirm(q: ConfirmQuestion): Promise<boolean>;
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
