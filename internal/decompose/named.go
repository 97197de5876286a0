package decompose

// nameDoer fills in what the draft's own words say about who must act and
// by when: Owner and OwnerUnit (through the suggester's unit names, when
// there is one), Cooperating and Deadline.
//
// TODO(issue 17): being written on its own branch.
func nameDoer(d *Draft, units *Suggester) {}
