/** The state of a form the server sends back with errors, to show next to each field: what was typed and why it was refused. */
export type FormState = {
  status: number;
  values: Record<string, string>;
  errors: Record<string, string>;
  message?: string;
};
