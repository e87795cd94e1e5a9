/** Project lifecycle decisions (filled in with the Project resource). */
export {};
