/** An error thrown on the other side of a context boundary, re-thrown here with its name and message. */
export class RemoteError extends Error {
  constructor(name: string, message: string) {
    super(message);
    this.name = name;
  }
}
