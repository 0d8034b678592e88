package cli

import (
	"crypto/ed25519"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/vendorcheck/vendorcheck/pkg/catalog"
	"github.com/vendorcheck/vendorcheck/pkg/config"
	"github.com/vendorcheck/vendorcheck/pkg/databundle"
	"github.com/vendorcheck/vendorcheck/pkg/policy"
	"github.com/vendorcheck/vendorcheck/pkg/report"
	"github.com/vendorcheck/vendorcheck/pkg/scan"
)

// dataState is the data bundle a run uses: where it comes from (--data,
// VENDORCHECK_DATA, a config file's data:, else the embedded one), and the
// bundle once read.
type dataState struct {
	path          string   // --data (or layered from the environment or config)
	allowUnsigned bool     // --allow-unsigned-data
	trustedKeys   []string // --trusted-key FILE
	// untrusted names the discovered config file that gave the path: such
	// data must be signed by a trusted key and no older than the embedded.
	untrusted string
	// configRead: loadConfig ran, so the path already holds a config
	// file's data: when the flag and environment gave none.
	configRead bool

	bundle *databundle.Bundle
	err    error
	loaded bool
}

// addDataFlags defines the data flags on the root command: every command
// that reads lists or the catalog takes them.
func addDataFlags(f *pflag.FlagSet, d *dataState) {
	f.StringVar(&d.path, "data", "", "use the data bundle at `PATH` (a directory, .tar.gz or .zip with manifest.yaml) instead of the embedded one (docs/data.md)")
	f.BoolVar(&d.allowUnsigned, "allow-unsigned-data", false, "accept a --data bundle without a signature (your own lists); a bad signature or a changed file is always refused")
	f.StringArrayVar(&d.trustedKeys, "trusted-key", nil, "also trust data signed with the ed25519 public key in `FILE` (repeatable; never taken from a config file)")
}

// bundle returns the data bundle of the run, reading it on first use.
func (env *Env) bundle() (*databundle.Bundle, error) {
	d := env.data
	if d.loaded {
		return d.bundle, d.err
	}
	d.loaded = true
	d.bundle, d.err = d.open(env)
	return d.bundle, d.err
}

func (d *dataState) open(env *Env) (*databundle.Bundle, error) {
	path := d.path
	if path == "" {
		path = strings.TrimSpace(env.Getenv("VENDORCHECK_DATA"))
	}
	if path == "" && !d.configRead {
		// A command without the scan flags (policies, vendors, data
		// status) still takes the data: of the config file a scan would
		// read.
		p, err := config.Find("", env.Getenv)
		if err != nil {
			return nil, err
		}
		if p != "" {
			c, err := config.Load(p)
			if err != nil {
				return nil, err
			}
			if c.Data != "" {
				path = c.Data
				if env.Getenv(config.EnvConfig) == "" {
					d.untrusted = p
				} else if c.AllowUnsignedData {
					d.allowUnsigned = true
				}
			}
		}
	}
	embedded, err := databundle.Embedded()
	if err != nil {
		return nil, err
	}
	if path == "" {
		return embedded, nil
	}
	opt, err := d.options()
	if err != nil {
		return nil, err
	}
	if d.untrusted != "" {
		// A discovered config is written by whoever changes the
		// repository: its data must be signed, and must not roll back.
		opt.AllowUnsigned = false
		opt.NoOlderThan = embedded
	}
	b, err := databundle.Open(path, opt)
	if err != nil {
		return nil, dataError(err, d.untrusted)
	}
	return b, nil
}

// options are the bundle options the command line gives.
func (d *dataState) options() (databundle.Options, error) {
	opt := databundle.Options{AllowUnsigned: d.allowUnsigned}
	if len(d.trustedKeys) > 0 {
		opt.TrustedKeys = databundle.ProjectKeys()
		for _, f := range d.trustedKeys {
			k, err := readPublicKey(f)
			if err != nil {
				return opt, usagef("--trusted-key %s: %v", f, err)
			}
			opt.TrustedKeys = append(opt.TrustedKeys, k)
		}
	}
	return opt, nil
}

// openBundle reads another bundle named on the command line (policies
// diff), under the same trust as --data.
func (env *Env) openBundle(path string) (*databundle.Bundle, error) {
	opt, err := env.data.options()
	if err != nil {
		return nil, err
	}
	b, err := databundle.Open(path, opt)
	if err != nil {
		return nil, dataError(err, "")
	}
	return b, nil
}

func readPublicKey(name string) (ed25519.PublicKey, error) {
	data, err := databundle.ReadKeyFile(name)
	if err != nil {
		return nil, err
	}
	return databundle.ParsePublicKey(data)
}

// dataError words a bundle error with a hint for the user.
func dataError(err error, untrustedConfig string) error {
	switch {
	case untrustedConfig != "" && (errors.Is(err, databundle.ErrUnsigned) || errors.Is(err, databundle.ErrDowngrade) || errors.Is(err, databundle.ErrUntrustedKey)):
		return &hintError{err: err, hint: fmt.Sprintf("the data was named by %s, a discovered config that may only tighten the check: it must be signed by a trusted key and no older than the embedded data; name the config with --config to trust it, or pass --data", untrustedConfig)}
	case errors.Is(err, databundle.ErrBadSignature), errors.Is(err, databundle.ErrTampered):
		return &hintError{err: err, hint: "a bundle changed after signing is refused even with --allow-unsigned-data"}
	case errors.Is(err, databundle.ErrUnsigned), errors.Is(err, databundle.ErrUntrustedKey):
		return err // the message says what to do
	}
	return &hintError{err: err, hint: "'vendorcheck data verify PATH' checks a bundle; docs/data.md describes the layout"}
}

func newDataCmd(env *Env) *cobra.Command {
	cmd := &cobra.Command{Use: "data", Short: "The data bundle: status, verify, export, sign"}
	var asOf string
	var statusJSON bool
	status := &cobra.Command{
		Use:   "status",
		Short: "Say which data bundle is in use, its version, build date, age, signature and size",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			at, err := parseAsOf(asOf)
			if err != nil {
				return err
			}
			b, err := env.bundle()
			if err != nil {
				return err
			}
			c, err := b.Counts()
			if err != nil {
				return err
			}
			w := env.Stdout
			if statusJSON {
				return writeJSON(w, struct {
					*report.DataInfo
					Schema   int    `json:"schema"`
					AsOf     string `json:"as_of"`
					Lists    int    `json:"lists"`
					Rules    int    `json:"rules"`
					Entities int    `json:"entities"`
				}{scan.DataInfo(b, at), b.Manifest.Schema, at.Format("2006-01-02"), c.Lists, c.Rules, c.Entities})
			}
			fmt.Fprintf(w, "bundle:     %s\n", report.Text(b.Manifest.Bundle))
			fmt.Fprintf(w, "version:    %s\n", report.Text(b.Manifest.Version))
			fmt.Fprintf(w, "built:      %s (%d days before %s)\n", b.Manifest.Built, b.AgeDays(at), at.Format("2006-01-02"))
			fmt.Fprintf(w, "source:     %s\n", report.Text(b.Source))
			fmt.Fprintf(w, "signature:  %s\n", signatureText(b))
			fmt.Fprintf(w, "schema:     %d\n", b.Manifest.Schema)
			fmt.Fprintf(w, "contents:   %d lists, %d rules, %d entities\n", c.Lists, c.Rules, c.Entities)
			return nil
		},
	}
	status.Flags().StringVar(&asOf, "as-of", "", "count the age at `DATE` (default today)")
	status.Flags().BoolVar(&statusJSON, "json", false, "write JSON (tool.data of a scan's result, with the schema, the date and the counts)")
	var keyFile string
	verify := &cobra.Command{
		Use:   "verify PATH",
		Short: "Check a data bundle: manifest, signature, file hashes, and that its lists and catalog load",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			opt := databundle.Options{AllowUnsigned: env.data.allowUnsigned}
			if keyFile != "" {
				k, err := readPublicKey(keyFile)
				if err != nil {
					return usagef("--key %s: %v", keyFile, err)
				}
				opt.TrustedKeys = []ed25519.PublicKey{k}
			} else if len(env.data.trustedKeys) > 0 {
				opt.TrustedKeys = databundle.ProjectKeys()
				for _, f := range env.data.trustedKeys {
					k, err := readPublicKey(f)
					if err != nil {
						return usagef("--trusted-key %s: %v", f, err)
					}
					opt.TrustedKeys = append(opt.TrustedKeys, k)
				}
			}
			b, err := databundle.Open(args[0], opt)
			if err != nil {
				return dataError(err, "")
			}
			if err := b.Check(); err != nil {
				return err
			}
			c, err := b.Counts()
			if err != nil {
				return err
			}
			fmt.Fprintf(env.Stdout, "%s: ok: %s %s, built %s, %s, %d files; %d lists, %d rules, %d entities\n",
				report.Text(args[0]), report.Text(b.Manifest.Bundle), report.Text(b.Manifest.Version), b.Manifest.Built,
				signatureText(b), len(b.Manifest.Files), c.Lists, c.Rules, c.Entities)
			return nil
		},
	}
	verify.Flags().StringVar(&keyFile, "key", "", "trust only the ed25519 public key in `FILE` (default: the project's keys and --trusted-key)")
	export := &cobra.Command{
		Use:   "export DIR",
		Short: "Write the data bundle in use (default: the embedded one) to a new directory, to edit and sign as your own",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			b, err := env.bundle()
			if err != nil {
				return err
			}
			if err := databundle.Export(b, args[0]); err != nil {
				return err
			}
			fmt.Fprintf(env.Stdout, "wrote %s %s to %s (unsigned; 'vendorcheck data sign --key FILE %s' signs it)\n",
				report.Text(b.Manifest.Bundle), report.Text(b.Manifest.Version), report.Text(args[0]), report.Text(args[0]))
			return nil
		},
	}
	var privFile string
	sign := &cobra.Command{
		Use:   "sign --key PRIVATE-KEY-FILE DIR",
		Short: "Write the hashes of a bundle directory's files into its manifest and sign it (manifest.sig)",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if privFile == "" {
				return usagef("data sign: --key FILE is required (a private key from 'vendorcheck data keygen')")
			}
			data, err := databundle.ReadKeyFile(privFile)
			if err != nil {
				return err
			}
			priv, err := databundle.ParsePrivateKey(data)
			if err != nil {
				return fmt.Errorf("--key %s: %w", privFile, err)
			}
			if err := databundle.Sign(args[0], priv); err != nil {
				return err
			}
			pub := priv.Public().(ed25519.PublicKey)
			fmt.Fprintf(env.Stdout, "signed %s with key %s\n", report.Text(args[0]), databundle.KeyID(pub))
			return nil
		},
	}
	sign.Flags().StringVar(&privFile, "key", "", "the ed25519 private key `FILE` to sign with")
	keygen := &cobra.Command{
		Use:   "keygen PREFIX",
		Short: "Make a signing key pair for your own bundles: PREFIX.pub (give to --trusted-key) and PREFIX.key (keep secret)",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			pub, priv, err := databundle.GenerateKey()
			if err != nil {
				return err
			}
			for _, f := range []string{args[0] + ".pub", args[0] + ".key"} {
				if _, err := os.Stat(f); err == nil {
					return fmt.Errorf("%s exists; choose another prefix", f)
				}
			}
			if err := os.MkdirAll(filepath.Dir(args[0]), 0o755); err != nil {
				return err
			}
			if err := os.WriteFile(args[0]+".key", databundle.MarshalPrivateKey(priv), 0o600); err != nil {
				return err
			}
			if err := os.WriteFile(args[0]+".pub", databundle.MarshalPublicKey(pub), 0o644); err != nil {
				return err
			}
			fmt.Fprintf(env.Stdout, "key %s: public %s.pub, private %s.key\n", databundle.KeyID(pub), report.Text(args[0]), report.Text(args[0]))
			return nil
		},
	}
	changelog := &cobra.Command{
		Use:   "changelog",
		Short: "Print the data bundle's changelog",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			b, err := env.bundle()
			if err != nil {
				return err
			}
			text := b.Changelog()
			if text == "" {
				return fmt.Errorf("data bundle %s has no changelog", b.Source)
			}
			for _, line := range strings.Split(strings.TrimRight(text, "\n"), "\n") {
				fmt.Fprintln(env.Stdout, report.Text(line))
			}
			return nil
		},
	}
	cmd.AddCommand(status, verify, export, sign, keygen, changelog)
	return cmd
}

func signatureText(b *databundle.Bundle) string {
	switch b.Signature {
	case databundle.SignatureEmbedded:
		return "embedded (trusted: compiled into the program)"
	case databundle.SignatureVerified:
		return "verified (key " + b.KeyID + ")"
	}
	return "unsigned (accepted with --allow-unsigned-data)"
}

// shippedLists are the lists of the data bundle in use.
func (env *Env) shippedLists() ([]*policy.List, error) {
	b, err := env.bundle()
	if err != nil {
		return nil, err
	}
	return b.Lists()
}

// shippedCatalog is the vendor catalog of the data bundle in use.
func (env *Env) shippedCatalog() (*catalog.Catalog, error) {
	b, err := env.bundle()
	if err != nil {
		return nil, err
	}
	return b.Catalog()
}

// writeJSON writes v as indented JSON.
func writeJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(v)
}
